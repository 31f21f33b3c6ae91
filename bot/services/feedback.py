"""回访: the resident rates a resolved ticket, or says it is not solved and reopens it.

A resolved ticket nobody rates within three days is closed as 默认满意 — recorded as
such (``rating_is_default``), never counted as a real rating.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain import events as ev
from bot.domain import tickets as lifecycle
from bot.domain.errors import NotFound
from bot.domain.review_events import VerifyFailed
from bot.services.audience import Audiences
from bot.services.lifecycle import SYSTEM, Who, record, state_of
from bot.services.views import Clock
from storage.models import ActorKind, Ticket, TicketStatus
from storage.uow import unit_of_work

log = logging.getLogger(__name__)

RATINGS = lifecycle.RATINGS
NOT_SOLVED = lifecycle.NOT_SOLVED
DEFAULT_AFTER = timedelta(days=3)


class FeedbackService:
    """Ratings, reopening, and closing unrated tickets."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], audiences: Audiences, clock: Clock
    ) -> None:
        self._sessions = sessions
        self._audiences = audiences
        self._clock = clock

    async def rate(self, telegram_id: int, ticket_id: int, code: str) -> bool:
        """Record the resident's answer; True if the ticket was reopened (or, waiting for
        核查, sent back to its owner)."""
        now = self._clock()
        async with unit_of_work(self._sessions) as repos:
            resident = await repos.residents.by_telegram_id(telegram_id)
            ticket = await repos.tickets.get(ticket_id, for_update=True)
            if resident is None or ticket is None:
                raise NotFound("ticket")
            events = lifecycle.rate(state_of(ticket), resident.id, code, now)
            who = Who(ActorKind.RESIDENT, telegram_id)
            await record(repos, ticket, events, who, self._audiences)
            reopened = any(isinstance(e, ev.Reopened | VerifyFailed) for e in events)
            if reopened:
                resident.active_ticket_id = ticket.id
            return reopened

    async def close_unrated(self) -> list[int]:
        """Close tickets resolved more than three days ago as 默认满意; their ids."""
        now = self._clock()
        async with unit_of_work(self._sessions) as repos:
            stmt = select(Ticket).where(
                Ticket.status == TicketStatus.RESOLVED, Ticket.resolved_at < now - DEFAULT_AFTER
            )
            closed = []
            for ticket in (await repos.session.scalars(stmt.with_for_update())).all():
                events = lifecycle.auto_close(state_of(ticket), now)
                await record(repos, ticket, events, SYSTEM, self._audiences)
                closed.append(ticket.id)
        if closed:
            log.info("closed %d unrated ticket(s) as default-satisfied", len(closed))
        return closed
