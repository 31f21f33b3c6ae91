"""The audit log: written inside the caller's transaction, read back by day range."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.bootstrap import Services
from bot.services import audit
from bot.services.audit import AuditService
from storage.models import AuditEntry
from storage.types import utcnow
from storage.uow import unit_of_work


async def test_record_is_part_of_the_callers_transaction(services: Services) -> None:
    async with unit_of_work(services.sessions) as repos:
        audit.record(repos, 601, "admin", "ticket.assign", ticket_id=12, to_staff=501)
    async with services.sessions() as session, session.begin():
        audit.record(session, None, "cli", "areas.import", created=3)
    with pytest.raises(RuntimeError):
        async with unit_of_work(services.sessions) as repos:
            audit.record(repos, 601, "admin", "ticket.close", ticket_id=13)
            raise RuntimeError("the action failed")
    [first, second] = await AuditService(services.sessions).recent(days=7)
    assert (first.actor_telegram_id, first.actor_role, first.action) == (
        601,
        "admin",
        "ticket.assign",
    )
    assert first.ticket_id == 12 and first.detail == {"to_staff": 501}
    assert second.actor_telegram_id is None and second.detail == {"created": 3}
    assert first.at.tzinfo is not None


async def test_recent_covers_only_the_asked_days(services: Services) -> None:
    async with services.sessions() as session, session.begin():
        session.add(AuditEntry(at=utcnow() - timedelta(days=10), action="old"))
        audit.record(session, 1, "worker", "ticket.accept", ticket_id=1)
    assert [e.action for e in await AuditService(services.sessions).recent(7)] == ["ticket.accept"]
    assert [e.action for e in await AuditService(services.sessions).recent(30)] == [
        "old",
        "ticket.accept",
    ]


@pytest.mark.parametrize(
    "detail",
    [
        {"text": "楼道里堆满杂物"},
        {"phone": "x"},
        {"note": "call 138 0013 8000"},
        {"n": "13800138000"},
    ],
)
async def test_texts_and_phone_numbers_are_refused(
    services: Services, detail: dict[str, str]
) -> None:
    async with services.sessions() as session, session.begin():
        with pytest.raises(ValueError, match="audit detail"):
            audit.record(session, 1, "worker", "ticket.reply", ticket_id=1, **detail)
        assert (await session.scalars(select(AuditEntry))).all() == []
