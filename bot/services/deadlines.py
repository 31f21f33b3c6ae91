"""限时办结: remind owners before a deadline, escalate (督办) to admins after it.

Before 签收 the deadline is ``respond_by`` and the grid's workers are reminded; after it,
``due_by`` and the owner is reminded. Each phase is reminded once and escalated once. A
ticket is marked reminded or escalated in the same transaction as the notification that
says so; each person gets one 催办 (one ticket, or a digest of several) and each admin one
督办 digest per sweep. A ticket waiting for 核查 (``verifying``) longer than a setting is
reminded to its checkers, and escalated to the admins over it after twice that (issue 14).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain import review
from bot.domain import tickets as lifecycle
from bot.domain.notifications import Kind
from bot.services.audience import Audiences
from bot.services.feedback import FeedbackService
from bot.services.lifecycle import SYSTEM, deadline_of, record, state_of
from bot.services.outbox import enqueue
from bot.services.views import Clock
from storage.models import OPEN_STATUSES, Ticket, TicketStatus
from storage.repos import Repos
from storage.uow import unit_of_work

log = logging.getLogger(__name__)

REMIND_BEFORE = timedelta(hours=1)
VERIFY_WAIT = timedelta(hours=24)
"""How long a 核查 may wait before its checkers are reminded (督办 after twice that)."""


@dataclass
class SweepReport:
    """What one sweep did."""

    reminded: list[int] = field(default_factory=list)
    escalated: list[int] = field(default_factory=list)
    closed: list[int] = field(default_factory=list)
    checks_chased: list[int] = field(default_factory=list)


class DeadlineService:
    """The periodic sweep over open tickets."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        audiences: Audiences,
        feedback: FeedbackService,
        clock: Clock,
        verify_wait: timedelta = VERIFY_WAIT,
    ) -> None:
        self._sessions = sessions
        self._audiences = audiences
        self._feedback = feedback
        self._clock = clock
        self._verify_wait = verify_wait

    async def sweep(self) -> SweepReport:
        """Remind, escalate, and close unrated tickets; one transaction for the first two."""
        now = self._clock()
        report = SweepReport()
        async with unit_of_work(self._sessions) as repos:
            stmt = select(Ticket).where(Ticket.status.in_(OPEN_STATUSES)).order_by(Ticket.id)
            tickets = (await repos.session.scalars(stmt.with_for_update(skip_locked=True))).all()
            overdue: list[Ticket] = []
            reminders: dict[int, list[Ticket]] = defaultdict(list)
            for ticket in tickets:
                deadline = deadline_of(ticket)
                if deadline is None or ticket.waiting_since is not None:
                    continue  # no limit, or paused: 待居民补充 (issue 14)
                if deadline < now and ticket.escalated_at is None:
                    overdue.append(ticket)
                elif now <= deadline <= now + REMIND_BEFORE and ticket.reminded_at is None:
                    await self._remind(repos, ticket, now, reminders)
                    report.reminded.append(ticket.id)
            _send_reminders(repos, reminders)
            report.escalated = await self._escalate(repos, overdue, now)
            report.checks_chased = await self._chase_checks(repos, now)
        report.closed = await self._feedback.close_unrated()
        if report.reminded or report.escalated or report.checks_chased:
            log.info(
                "sweep: %d reminded, %d escalated, %d checks chased",
                len(report.reminded),
                len(report.escalated),
                len(report.checks_chased),
            )
        return report

    async def _remind(
        self, repos: Repos, ticket: Ticket, now: datetime, to: dict[int, list[Ticket]]
    ) -> None:
        for chat_id in await self._audiences.workers(repos, ticket):
            to[chat_id].append(ticket)
        await record(
            repos, ticket, lifecycle.remind(state_of(ticket), now), SYSTEM, self._audiences
        )

    async def _escalate(self, repos: Repos, overdue: list[Ticket], now: datetime) -> list[int]:
        digests: dict[int, list[int]] = defaultdict(list)
        for ticket in overdue:
            for admin in await self._audiences.admins(repos, ticket.grid_id):
                digests[admin].append(ticket.id)
            events = lifecycle.escalate(state_of(ticket), now)
            await record(repos, ticket, events, SYSTEM, self._audiences)
        for admin, ids in digests.items():
            enqueue(repos, admin, Kind.ESCALATION, params={"tickets": ids, "at": now.isoformat()})
        return [t.id for t in overdue]

    async def _chase_checks(self, repos: Repos, now: datetime) -> list[int]:
        """核查 waiting too long: remind the checkers, then escalate; once each per 核查."""
        stmt = select(Ticket).where(Ticket.status == TicketStatus.VERIFYING).order_by(Ticket.id)
        chased = []
        for ticket in (await repos.session.scalars(stmt.with_for_update(skip_locked=True))).all():
            requested = await repos.tickets.latest_event(ticket.id, "verify_requested")
            if requested is None:
                continue
            done = [
                await repos.tickets.latest_event(ticket.id, kind)
                for kind in ("verify_reminded", "verify_escalated")
            ]
            reminded, escalated = (e is not None and e.id > requested.id for e in done)
            events = review.chase_check(
                state_of(ticket), requested.at, (reminded, escalated), now, self._verify_wait
            )
            if events:
                await record(repos, ticket, events, SYSTEM, self._audiences)
                chased.append(ticket.id)
        return chased


def _send_reminders(repos: Repos, reminders: dict[int, list[Ticket]]) -> None:
    """One 催办 per person: about one ticket, or a digest of every ticket due soon."""
    for chat_id, tickets in reminders.items():
        if len(tickets) == 1:
            [ticket] = tickets
            what = "resolve" if ticket.status is TicketStatus.ACCEPTED else "respond"
            params = {"what": what}
            enqueue(repos, chat_id, Kind.REMINDER, ticket_id=ticket.id, params=params)
        else:
            enqueue(repos, chat_id, Kind.REMINDER, params={"tickets": [t.id for t in tickets]})
