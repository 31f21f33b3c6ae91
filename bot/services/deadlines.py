"""限时办结: remind owners before a deadline, escalate (督办) to admins after it.

Before 签收 the deadline is ``respond_by`` and the grid's workers are reminded; after it,
``due_by`` and the owner is reminded. Each phase is reminded once and escalated once.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.chat.views import texts
from bot.services.dispatch import Dispatcher, esc
from bot.services.feedback import FeedbackService
from bot.services.outbox import enqueue
from bot.services.tickets import intent_name
from bot.services.views import Clock
from bot.services.work import deadline_of
from intents import Catalogue
from storage.models import (
    OPEN_STATUSES,
    ActorKind,
    Area,
    Staff,
    StaffRole,
    Ticket,
    TicketEvent,
    TicketStatus,
)
from storage.repos import Repos
from storage.uow import unit_of_work

log = logging.getLogger(__name__)

REMIND_BEFORE = timedelta(hours=1)


@dataclass
class SweepReport:
    """What one sweep did."""

    reminded: list[int] = field(default_factory=list)
    escalated: list[int] = field(default_factory=list)
    closed: list[int] = field(default_factory=list)


def _span(delta: timedelta) -> str:
    return texts.duration(max(delta.total_seconds(), 60) / 3600)


class DeadlineService:
    """The periodic sweep over open tickets."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        catalogue: Catalogue,
        dispatcher: Dispatcher,
        feedback: FeedbackService,
        clock: Clock,
        tz: tzinfo,
    ) -> None:
        self._sessions = sessions
        self._catalogue = catalogue
        self._dispatcher = dispatcher
        self._feedback = feedback
        self._clock = clock
        self._tz = tz

    async def sweep(self) -> SweepReport:
        """Remind, escalate, and close unrated tickets; one transaction for the first two."""
        now = self._clock()
        report = SweepReport()
        async with unit_of_work(self._sessions) as repos:
            stmt = select(Ticket).where(Ticket.status.in_(OPEN_STATUSES)).order_by(Ticket.id)
            tickets = (await repos.session.scalars(stmt.with_for_update(skip_locked=True))).all()
            overdue: list[Ticket] = []
            for ticket in tickets:
                deadline = deadline_of(ticket)
                if deadline is None:
                    continue
                if deadline < now and ticket.escalated_at is None:
                    overdue.append(ticket)
                elif now <= deadline <= now + REMIND_BEFORE and ticket.reminded_at is None:
                    await self._remind(repos, ticket, deadline - now, now)
                    report.reminded.append(ticket.id)
            report.escalated = await self._escalate(repos, overdue, now)
        report.closed = await self._feedback.close_unrated()
        if report.reminded or report.escalated:
            log.info(
                "sweep: %d reminded, %d escalated", len(report.reminded), len(report.escalated)
            )
        return report

    async def _remind(self, repos: Repos, ticket: Ticket, left: timedelta, now: datetime) -> None:
        accepted = ticket.status is TicketStatus.ACCEPTED
        what = texts.WHAT_RESOLVE if accepted else texts.WHAT_RESPOND
        text = texts.REMINDER.format(
            id=ticket.id,
            intent=esc(intent_name(self._catalogue, ticket.intent)),
            left=_span(left),
            what=what,
        )
        for chat_id in await self._owners(repos, ticket):
            await enqueue(repos, chat_id, text, ticket_id=ticket.id)
        ticket.reminded_at = now
        repos.tickets.add_event(_system(ticket, "reminded", now))

    async def _owners(self, repos: Repos, ticket: Ticket) -> list[int]:
        if ticket.status is TicketStatus.ACCEPTED and ticket.assignee_id is not None:
            owner = await repos.session.get(Staff, ticket.assignee_id)
            return [owner.telegram_id] if owner else []
        if ticket.grid_id is None:
            return []
        return [s.telegram_id for s in await repos.staff.for_area(ticket.grid_id, StaffRole.WORKER)]

    async def _escalate(self, repos: Repos, overdue: list[Ticket], now: datetime) -> list[int]:
        lines: dict[int, list[str]] = defaultdict(list)
        for ticket in overdue:
            grid = await repos.session.get(Area, ticket.grid_id) if ticket.grid_id else None
            owner = (
                await repos.session.get(Staff, ticket.assignee_id) if ticket.assignee_id else None
            )
            deadline = deadline_of(ticket) or now
            line = texts.ESCALATION_LINE.format(
                id=ticket.id,
                intent=esc(intent_name(self._catalogue, ticket.intent)),
                grid=esc(grid.name if grid else ""),
                status=texts.STATUS_NAMES[ticket.status.value],
                over=_span(now - deadline),
                owner=f" · {esc(owner.name)}" if owner and owner.name else "",
            )
            for admin in await self._dispatcher.admins(repos, grid):
                lines[admin].append(line)
            ticket.escalated_at = now
            repos.tickets.add_event(_system(ticket, "escalated", now))
        for admin, items in lines.items():
            text = "\n".join([texts.ESCALATION_HEADER, *items])
            await enqueue(repos, admin, text)
        return [t.id for t in overdue]


def _system(ticket: Ticket, kind: str, now: datetime) -> TicketEvent:
    return TicketEvent(
        ticket_id=ticket.id,
        at=now,
        actor_kind=ActorKind.SYSTEM,
        kind=kind,
        visible_to_resident=False,
    )
