"""回访: the resident rates a resolved ticket, or says it is not solved and reopens it.

A resolved ticket nobody rates within three days is closed as 默认满意 — recorded as
such (``rating_is_default``), never counted as a real rating.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.chat.views import texts
from bot.services.errors import Forbidden, NotFound
from bot.services.outbox import enqueue
from bot.services.tickets import resident_event
from bot.services.views import Clock
from storage.models import ActorKind, Staff, Ticket, TicketEvent, TicketStatus
from storage.uow import unit_of_work

log = logging.getLogger(__name__)

RATINGS = {"s": "satisfied", "b": "fairly_satisfied", "d": "dissatisfied"}
NOT_SOLVED = "u"
DEFAULT_AFTER = timedelta(days=3)


class FeedbackService:
    """Ratings, reopening, and closing unrated tickets."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    async def rate(self, telegram_id: int, ticket_id: int, code: str) -> bool:
        """Record the resident's answer; True if the ticket was reopened."""
        if code not in RATINGS and code != NOT_SOLVED:
            raise NotFound(code)
        now = self._clock()
        async with unit_of_work(self._sessions) as repos:
            resident = await repos.residents.by_telegram_id(telegram_id)
            ticket = await repos.tickets.get(ticket_id, for_update=True)
            if resident is None or ticket is None or ticket.resident_id != resident.id:
                raise NotFound("ticket")
            if ticket.status is not TicketStatus.RESOLVED:
                raise Forbidden("not waiting for a rating")
            if code == NOT_SOLVED:
                ticket.status, ticket.resolved_at, ticket.updated_at = (
                    TicketStatus.ACCEPTED, None, now
                )  # fmt: skip
                repos.tickets.add_event(resident_event(ticket, resident, "reopened", now))
                resident.active_ticket_id = ticket.id
                owner = (
                    await repos.session.get(Staff, ticket.assignee_id)
                    if ticket.assignee_id
                    else None
                )
                if owner is not None:
                    text = texts.WORKER_REOPENED.format(id=ticket.id)
                    await enqueue(repos, owner.telegram_id, text, ticket_id=ticket.id)
                return True
            ticket.rating, ticket.rating_is_default = RATINGS[code], False
            ticket.status, ticket.closed_at, ticket.updated_at = TicketStatus.CLOSED, now, now
            event = resident_event(ticket, resident, "rated", now, texts.RATING_NAMES[code])
            repos.tickets.add_event(event)
            return False

    async def close_unrated(self) -> list[int]:
        """Close tickets resolved more than three days ago as 默认满意; their ids."""
        now = self._clock()
        async with unit_of_work(self._sessions) as repos:
            stmt = select(Ticket).where(
                Ticket.status == TicketStatus.RESOLVED, Ticket.resolved_at < now - DEFAULT_AFTER
            )
            closed = []
            for ticket in (await repos.session.scalars(stmt.with_for_update())).all():
                ticket.status, ticket.closed_at, ticket.updated_at = TicketStatus.CLOSED, now, now
                ticket.rating, ticket.rating_is_default = "satisfied", True
                repos.tickets.add_event(
                    TicketEvent(
                        ticket_id=ticket.id,
                        at=now,
                        actor_kind=ActorKind.SYSTEM,
                        kind="closed",
                        text=texts.RATING_DEFAULT,
                    )
                )
                closed.append(ticket.id)
        if closed:
            log.info("closed %d unrated ticket(s) as default-satisfied", len(closed))
        return closed
