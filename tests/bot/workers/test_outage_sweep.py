"""The deadline sweep marks a ticket reminded or escalated only together with the notification
that says so: a sweep whose transaction fails leaves neither, a sweep that commits leaves both."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import SessionTransaction

from storage.models import OutboxMessage, Ticket
from storage.uow import unit_of_work
from tests.bot.handlers.conftest import WANG, ZHAO
from tests.bot.handlers.test_reports import CONFIDENT
from tests.bot.workers.conftest import report
from tests.harness import BotHarness


async def marks_and_notices(h: BotHarness) -> tuple[dict[str, set[int]], dict[str, set[int]]]:
    """Tickets marked reminded/escalated, and tickets named by reminder/escalation rows."""
    marks: dict[str, set[int]] = {"remind": set(), "escalat": set()}
    named: dict[str, set[int]] = {"remind": set(), "escalat": set()}
    async with unit_of_work(h.services.sessions) as repos:
        for t in (await repos.session.scalars(select(Ticket))).all():
            if t.reminded_at is not None:
                marks["remind"].add(t.id)
            if t.escalated_at is not None:
                marks["escalat"].add(t.id)
        for row in (await repos.session.scalars(select(OutboxMessage))).all():
            for key in named:
                if key in row.kind:
                    ids = {row.ticket_id} if row.ticket_id is not None else set()
                    named[key] |= ids | set(_ids((row.params or {}).get("tickets", [])))
    return marks, named


def _ids(value: Any) -> list[int]:
    return [int(v) for v in value] if isinstance(value, list) else []


async def test_a_failed_sweep_leaves_neither_mark_nor_notification(
    grid: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    overdue = await report(grid, WANG, CONFIDENT)  # respond within 24 h
    grid.clock.advance(hours=1, minutes=30)
    due_soon = await report(grid, ZHAO, "12栋楼道灯坏了好几天，晚上看不见路")
    grid.clock.advance(hours=23)  # the first is past its deadline, the second nearly
    real_commit = SessionTransaction.commit
    armed = [True]

    def failing_commit(self: SessionTransaction, *args: Any, **kwargs: Any) -> Any:
        if armed[0] and self._parent is None:  # the outermost transaction
            armed[0] = False
            self.session.flush()  # everything was written, then the commit is lost
            raise ConnectionError("database went away at commit")
        return real_commit(self, *args, **kwargs)

    monkeypatch.setattr(SessionTransaction, "commit", failing_commit)
    with pytest.raises(ConnectionError):
        await grid.services.deadlines.sweep()
    marks, named = await marks_and_notices(grid)
    assert marks == named == {"remind": set(), "escalat": set()}
    swept = await grid.services.deadlines.sweep()
    assert overdue in swept.escalated
    marks, named = await marks_and_notices(grid)
    assert marks == named
    assert overdue in marks["escalat"] and due_soon in marks["remind"] | marks["escalat"]
