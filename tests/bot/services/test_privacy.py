"""A resident's data: exported in full, then erased while anonymised tickets remain."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.bootstrap import Services
from bot.services.audit import AuditService
from bot.services.errors import NotFound
from bot.services.residents_privacy import ERASED, ResidentPrivacy
from storage.models import (
    ActorKind,
    Area,
    AreaLevel,
    Attachment,
    ChatState,
    InfoRequest,
    OutboxMessage,
    OutboxStatus,
    Resident,
    Ticket,
    TicketEvent,
    TicketStatus,
)
from storage.types import utcnow

WANG_TG = 3001
LI_TG = 3002
PHONE = "13800138000"
STATE = {"v": 1, "report": {"text": "楼道堆物", "media": []}}  # a report awaiting a category


@dataclass
class Seeded:
    wang_id: int
    ticket_id: int
    li_ticket_id: int


async def seed(sessions: async_sessionmaker[AsyncSession]) -> Seeded:
    """Two residents with tickets, events, attachments, questions and messages."""
    async with sessions() as s, s.begin():
        grid = Area(code="g1", name="第一网格", level=AreaLevel.GRID)
        s.add(grid)
        await s.flush()
        wang = Resident(
            telegram_id=WANG_TG,
            display_name="王阿姨",
            phone=PHONE,
            address="3号楼2单元501",
            grid_id=grid.id,
            registered=True,
        )
        li = Resident(telegram_id=LI_TG, display_name="李叔", phone="13900139000")
        s.add_all([wang, li, ChatState(chat_id=WANG_TG, state=STATE)])
        await s.flush()
        ticket = Ticket(
            resident_id=wang.id,
            grid_id=grid.id,
            intent="clutter",
            text="楼道里堆满杂物",
            status=TicketStatus.CLOSED,
            rating="satisfied",
            closed_at=utcnow(),
        )
        li_ticket = Ticket(resident_id=li.id, intent="parking", text="门口乱停车")
        s.add_all([ticket, li_ticket])
        await s.flush()
        wang.active_ticket_id = ticket.id
        s.add_all(
            [
                TicketEvent(
                    ticket_id=ticket.id,
                    actor_kind=ActorKind.RESIDENT,
                    actor_id=WANG_TG,
                    kind="created",
                    text="楼道里堆满杂物",
                    data={"phone": PHONE, "intent": "clutter"},
                ),
                TicketEvent(
                    ticket_id=ticket.id,
                    actor_kind=ActorKind.STAFF,
                    actor_id=501,
                    kind="status",
                    text="已安排清理",
                    data={"to": "resolved"},
                ),
                TicketEvent(
                    ticket_id=ticket.id,
                    actor_kind=ActorKind.RESIDENT,
                    actor_id=WANG_TG,
                    kind="rated",
                    data={"rating": "satisfied"},
                ),
                TicketEvent(
                    ticket_id=li_ticket.id,
                    actor_kind=ActorKind.RESIDENT,
                    actor_id=LI_TG,
                    kind="created",
                    text="门口乱停车",
                ),
                Attachment(ticket_id=ticket.id, kind="photo", file_id="AgAD-photo"),
                Attachment(ticket_id=ticket.id, kind="location", latitude=31.2, longitude=121.4),
                Attachment(ticket_id=li_ticket.id, kind="photo", file_id="AgAD-li"),
                InfoRequest(
                    resident_id=wang.id,
                    intent="social_card",
                    text="社保卡怎么激活",
                    outcome="solved",
                ),
                OutboxMessage(
                    chat_id=WANG_TG,
                    kind="legacy",  # finished before the event outbox: its text is a copy
                    params={"text": "您的诉求 #1 已办结"},
                    ticket_id=ticket.id,
                    status=OutboxStatus.SENT,
                ),
                OutboxMessage(
                    chat_id=WANG_TG,
                    kind="resident.reply",
                    params={"event": 1},
                    ticket_id=ticket.id,
                    status=OutboxStatus.PENDING,
                ),
                OutboxMessage(
                    chat_id=501,  # a worker's copy quoting Wang's words
                    kind="legacy",
                    params={"text": "新工单：楼道里堆满杂物"},
                    ticket_id=ticket.id,
                    status=OutboxStatus.SENT,
                ),
                OutboxMessage(
                    chat_id=LI_TG,
                    kind="legacy",
                    params={"text": "已受理"},
                    ticket_id=li_ticket.id,
                    status=OutboxStatus.PENDING,
                ),
            ]
        )
        return Seeded(wang.id, ticket.id, li_ticket.id)


async def test_export_holds_everything_about_the_resident(services: Services) -> None:
    seeded = await seed(services.sessions)
    data = await ResidentPrivacy(services.sessions).export(WANG_TG)
    json.dumps(data, ensure_ascii=False)  # JSON-ready as returned
    profile = data["resident"]
    assert profile["phone"] == PHONE and profile["address"] == "3号楼2单元501"
    assert profile["grid"] == {"code": "g1", "name": "第一网格"}
    assert profile["state"] == STATE
    [ticket] = data["tickets"]
    assert ticket["id"] == seeded.ticket_id and ticket["text"] == "楼道里堆满杂物"
    assert ticket["status"] == "closed" and isinstance(ticket["created_at"], str)
    assert [e["kind"] for e in ticket["events"]] == ["created", "status", "rated"]
    assert {a["kind"] for a in ticket["attachments"]} == {"photo", "location"}
    assert [r["text"] for r in data["info_requests"]] == ["社保卡怎么激活"]
    assert sorted(m["kind"] for m in data["outbox"]) == ["legacy", "resident.reply"]
    assert {"text": "您的诉求 #1 已办结"} in [m["params"] for m in data["outbox"]]
    assert "门口乱停车" not in json.dumps(data, ensure_ascii=False)  # nothing of Li's
    [entry] = await AuditService(services.sessions).recent(1)
    assert entry.action == "resident.export" and entry.detail == {"resident_id": seeded.wang_id}


async def test_forget_erases_personal_data_and_keeps_statistics(services: Services) -> None:
    seeded = await seed(services.sessions)
    report = await ResidentPrivacy(services.sessions).forget(WANG_TG)
    assert (report.tickets, report.events, report.attachments) == (1, 2, 2)
    assert (report.info_requests, report.outbox_deleted, report.outbox_anonymised) == (1, 1, 1)
    async with services.sessions() as s, s.begin():
        wang = await s.get(Resident, seeded.wang_id)
        assert wang is not None and wang.telegram_id == -seeded.wang_id
        assert (wang.display_name, wang.phone, wang.address) == ("", None, None)
        assert (await s.scalars(select(ChatState))).all() == []  # the conversation is gone
        assert wang.active_ticket_id is None and wang.grid_id is not None
        ticket = await s.get(Ticket, seeded.ticket_id)
        assert ticket is not None and ticket.text == ERASED
        assert (ticket.intent, ticket.status, ticket.rating) == (
            "clutter",
            TicketStatus.CLOSED,
            "satisfied",
        )
        assert ticket.grid_id == wang.grid_id and ticket.closed_at is not None
        events = (
            await s.scalars(
                select(TicketEvent)
                .where(TicketEvent.ticket_id == ticket.id)
                .order_by(TicketEvent.id)
            )
        ).all()
        assert [e.text for e in events] == [ERASED, "已安排清理", None]
        assert events[0].data == {"intent": "clutter"} and events[0].actor_id == -seeded.wang_id
        assert events[2].data == {"rating": "satisfied"}
        assert events[1].actor_id == 501
        kinds = (await s.scalars(select(Attachment.ticket_id))).all()
        assert kinds == [seeded.li_ticket_id]
        [question] = (await s.scalars(select(InfoRequest))).all()
        assert question.text == ERASED and question.outcome == "solved"
        outbox = (
            await s.execute(
                select(OutboxMessage.chat_id, OutboxMessage.params, OutboxMessage.status).order_by(
                    OutboxMessage.id
                )
            )
        ).all()
        assert [tuple(row) for row in outbox] == [
            (-seeded.wang_id, None, OutboxStatus.SENT),
            (501, None, OutboxStatus.SENT),  # the worker's copy of Wang's words is gone too
            (LI_TG, {"text": "已受理"}, OutboxStatus.PENDING),
        ]
        li = (await s.scalars(select(Resident).where(Resident.telegram_id == LI_TG))).one()
        assert li.phone == "13900139000"
        li_ticket = await s.get(Ticket, seeded.li_ticket_id)
        assert li_ticket is not None and li_ticket.text == "门口乱停车"
        assert await s.scalar(select(func.count()).select_from(Ticket)) == 2
    [entry] = await AuditService(services.sessions).recent(1)
    assert (entry.actor_telegram_id, entry.actor_role, entry.action) == (
        None,
        "cli",
        "resident.forget",
    )
    assert PHONE not in json.dumps(entry.detail) and str(WANG_TG) not in json.dumps(entry.detail)
    with pytest.raises(NotFound):
        await ResidentPrivacy(services.sessions).export(WANG_TG)


async def test_unknown_resident_is_not_found(services: Services) -> None:
    with pytest.raises(NotFound, match="no resident with Telegram id 424242"):
        await ResidentPrivacy(services.sessions).forget(424242)
