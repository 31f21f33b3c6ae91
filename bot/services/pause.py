"""待居民补充 in the service layer: the resident's answer ends the pause (issue 14), and so do
办结, 转派 and withdrawal (the deadlines move on by the paused time either way).

Runs inside the caller's unit of work (a resident's message or attachment on the ticket, a
staff action); nothing commits here.
"""

from __future__ import annotations

import logging
from datetime import datetime

from bot.domain import pause, review
from bot.domain.events import Event
from bot.domain.workcalendar import WorkCalendar
from bot.services.audience import Audiences
from bot.services.lifecycle import Who, record, state_of
from bot.services.tickets import intent_of, working
from intents import Catalogue
from storage.models import ActorKind, Resident, Ticket
from storage.repos import Repos

log = logging.getLogger(__name__)


class Resumer:
    """Ends a ticket's pause when its resident writes to it."""

    def __init__(
        self, catalogue: Catalogue, audiences: Audiences, calendar: WorkCalendar | None
    ) -> None:
        self._catalogue = catalogue
        self._audiences = audiences
        self._calendar = calendar

    async def answered(
        self, repos: Repos, ticket: Ticket, resident: Resident, now: datetime
    ) -> None:
        """If the ticket waits for this resident, the clock runs again (deadlines moved on)."""
        if ticket.waiting_since is None:
            return
        counts_working = working(intent_of(self._catalogue, ticket.intent), ticket.emergency)
        events = pause.answered(
            state_of(ticket),
            now,
            ticket.waiting_since,
            (ticket.respond_by, ticket.due_by),
            counts_working,
            self._calendar,
        )
        who = Who(ActorKind.RESIDENT, resident.telegram_id)
        await record(repos, ticket, events, who, self._audiences)
        log.info("ticket %d: the resident answered, the clock runs again", ticket.id)

    def ended(self, ticket: Ticket, events: list[Event]) -> list[Event]:
        """``events`` with ``PauseEnded`` first when they end a pause nobody answered."""
        if ticket.waiting_since is None or not events:
            return events
        return pause.ended(
            state_of(ticket),
            events,
            events[-1].at,
            ticket.waiting_since,
            (ticket.respond_by, ticket.due_by),
            working(intent_of(self._catalogue, ticket.intent), ticket.emergency),
            self._calendar,
        )

    def counting(self, ticket: Ticket) -> review.Counting:
        """How this ticket's limits count (工作时 or clock hours), for extensions too."""
        counts_working = working(intent_of(self._catalogue, ticket.intent), ticket.emergency)
        return review.Counting(counts_working, self._calendar)
