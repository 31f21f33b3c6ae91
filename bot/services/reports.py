"""A registered resident's messages become tickets, questions back, or self-service answers.

Outcomes are plain dataclasses (``report_types``); the handler renders each one. What a
resident has said but not yet filed (a message awaiting a category, a photo awaiting a
description) is kept in the chat's stored conversation (``report_intake``) so that a button
press later, even after a restart or on another process, files it.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.conversation import Kept, KeptText
from bot.domain.workcalendar import WorkCalendar
from bot.services.conversation import Loaded, load_with_resident, retrying, save
from bot.services.dispatch import Dispatcher
from bot.services.errors import InvalidInput, NotFound
from bot.services.report_filing import (
    MAX_TEXT,
    MEANINGFUL,
    TICKETS_PER_HOUR,
    Filing,
    categories,
)
from bot.services.report_intake import (
    Intake,
    active_ticket,
    intake_of,
    registered,
    registered_intake,
    replied_ticket,
)
from bot.services.report_types import (
    Appended,
    Attached,
    Choice,
    Confirm,
    Elsewhere,
    Empty,
    InfoAnswer,
    MatcherSource,
    Media,
    NeedsDescription,
    NotUnderstood,
    Offered,
    Opened,
    Outcome,
    Unregistered,
)
from bot.services.tickets import OTHER, Clock, resident_event, ticket_view
from intents import Decision, Matcher
from storage.models import Resident
from storage.repos import Repos
from storage.uow import unit_of_work

__all__ = [
    "Appended",
    "Attached",
    "Choice",
    "Confirm",
    "Elsewhere",
    "Empty",
    "InfoAnswer",
    "Media",
    "NeedsDescription",
    "NotUnderstood",
    "Offered",
    "Opened",
    "Outcome",
    "ReportService",
    "Unregistered",
]

log = logging.getLogger(__name__)


class ReportService:
    """Turns what a registered resident sends into the right outcome."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        intents: MatcherSource,
        dispatcher: Dispatcher,
        clock: Clock,
        *,
        tickets_per_hour: int = TICKETS_PER_HOUR,
        calendar: WorkCalendar | None = None,
    ) -> None:
        self._sessions = sessions
        self._intents = intents
        self._catalogue = intents.catalogue
        self._clock = clock
        self._filing = Filing(intents, dispatcher, clock, tickets_per_hour, calendar)

    @property
    def _matcher(self) -> Matcher:
        return self._intents.matcher

    def safety_line(self, text: str) -> str | None:
        """The emergency line (119 / 110 / 96110 / 120) for an emergency text, else None."""
        match = self._matcher.classify(text.strip()[:MAX_TEXT])
        if not match.emergency or match.intent is None:
            return None
        intent = self._catalogue.get(match.intent)
        return intent.emergency_reply if intent is not None else None

    @retrying
    async def file_emergencies(self, telegram_id: int) -> list[Outcome]:
        """During registration, once the place is known: file every kept emergency now, urgent.

        With only the community known, it goes to the community's default grid (its admins
        are alerted at once, as for every emergency); other kept messages wait as before."""
        async with unit_of_work(self._sessions) as repos:
            resident, loaded = await load_with_resident(repos, telegram_id)
            if resident is None:
                return []
            urgent = [(i, k) for i, k in self._kept_emergencies(loaded.state.kept.items)]
            if not urgent or not await _place_known(repos, resident, loaded):
                return []
            intake, outcomes = Intake(resident, loaded), []
            for item, key in urgent:
                outcomes.append(await self._filing.act(repos, intake, key, item.text, True))
            rest = tuple(k for k in loaded.state.kept.items if k not in [i for i, _ in urgent])
            loaded.state = replace(intake.state, kept=replace(intake.state.kept, items=rest))
            await save(repos, loaded)
            return outcomes

    def _kept_emergencies(self, items: tuple[Kept, ...]) -> list[tuple[KeptText, str]]:
        found = []
        for item in items:
            if isinstance(item, KeptText) and item.text.strip():
                match = self._matcher.classify(item.text.strip()[:MAX_TEXT])
                if match.emergency and match.intent is not None:
                    found.append((item, match.intent))
        return found

    def categories(self) -> tuple[Choice, ...]:
        """Every category, in catalogue order."""
        return categories(self._catalogue)

    @retrying
    async def submit(
        self, telegram_id: int, text: str, reply_to: int | None = None, *, kept: bool = False
    ) -> Outcome | Unregistered | Elsewhere:
        """Classify a text and act on it; a reply to a worker's message joins that ticket.

        One transaction, registration checked inside it: ``Unregistered`` says the sender
        must register (or finish registering) first, ``Elsewhere`` that another dialogue of
        the chat (the /broadcast draft) takes the text; never for a message ``kept`` while
        registering, handed back now."""
        text = text.strip()[:MAX_TEXT]
        async with unit_of_work(self._sessions) as repos:
            intake = await intake_of(repos, telegram_id, kept=kept)
            if not isinstance(intake, Intake):
                return intake
            intake.resident.blocked = False  # writing to the bot means they have not blocked it
            if not MEANINGFUL.search(text):
                return Empty()
            replied = await replied_ticket(repos, telegram_id, reply_to)
            outcome: Outcome
            if replied is not None:
                outcome = await self._filing.append(repos, intake, replied, text)
            else:
                outcome = await self._filing.classified(repos, intake, text)
            await save(repos, intake.loaded)
            return outcome

    @retrying
    async def choose(self, telegram_id: int, key: str) -> Outcome:
        """The resident picked a category (or 其他问题) for the message kept earlier."""
        if key != OTHER and key not in self._catalogue.keys:
            raise NotFound(key)
        async with unit_of_work(self._sessions) as repos:
            intake = await registered_intake(repos, telegram_id)
            text = intake.state.report.text
            if not text:
                raise InvalidInput("nothing to file")
            outcome = await self._filing.act(repos, intake, key, text, False)
            await save(repos, intake.loaded)
            return outcome

    @retrying
    async def drop(self, telegram_id: int) -> None:
        """算了: forget the kept message and any waiting photos."""
        async with unit_of_work(self._sessions) as repos:
            intake = await registered_intake(repos, telegram_id)
            intake.dropped()
            await save(repos, intake.loaded)

    @retrying
    async def split(self, telegram_id: int, ticket_id: int) -> Outcome:
        """这是另一件事: file the last message added to a ticket as a matter of its own."""
        async with unit_of_work(self._sessions) as repos:
            intake = await registered_intake(repos, telegram_id)
            outcome = await self._split(repos, intake, ticket_id)
            await save(repos, intake.loaded)
            return outcome

    async def _split(self, repos: Repos, intake: Intake, ticket_id: int) -> Outcome:
        resident, telegram_id = intake.resident, intake.resident.telegram_id
        source = await repos.tickets.get(ticket_id)
        if source is None or source.resident_id != resident.id:
            raise NotFound("ticket")
        last = [e for e in await repos.tickets.events(ticket_id, resident_view=True)]
        messages = [e for e in last if e.kind == "message" and e.actor_id == telegram_id]
        if not messages:
            raise InvalidInput("nothing to split")
        text = messages[-1].text or ""
        match = self._matcher.classify(text)
        if match.decision is Decision.ACT and match.intent not in (None, source.intent):
            return await self._filing.classified(repos, intake, text, follow_up=False)
        if match.intent == source.intent or match.decision is Decision.ACT:
            if await self._filing.over_limit(repos, resident):
                view = await ticket_view(repos, self._catalogue, source)
                return Appended(view, limited=True)
            ticket = await self._filing.open_alone(repos, resident, source.intent, text)
            return Opened(await ticket_view(repos, self._catalogue, ticket))
        return await self._filing.classified(repos, intake, text, follow_up=False)

    async def info_outcome(self, telegram_id: int, request_id: int, solved: bool) -> Outcome:
        """已解决 records self-service success; 还需要人工帮助 opens a ticket."""
        async with unit_of_work(self._sessions) as repos:
            resident = await registered(repos, telegram_id)
            request = await repos.info.get(request_id)
            if request is None or request.resident_id != resident.id:
                raise NotFound("info request")
            if request.outcome is not None:
                if request.ticket_id is not None:
                    ticket = await repos.tickets.get(request.ticket_id)
                    assert ticket is not None
                    return Opened(await ticket_view(repos, self._catalogue, ticket))
                return Empty()
            request.answered_at = self._clock()
            if solved:
                request.outcome = "solved"
                return Empty()
            ticket = await self._filing.open_alone(repos, resident, request.intent, request.text)
            request.outcome, request.ticket_id = "escalated", ticket.id
            return Opened(await ticket_view(repos, self._catalogue, ticket))

    @retrying
    async def media(
        self, telegram_id: int, media: Media, caption: str | None, *, kept: bool = False
    ) -> Outcome | Unregistered | Elsewhere:
        """A photo or location: join the album's or active ticket, or start a report.

        ``Unregistered``, ``Elsewhere`` and ``kept`` as for ``submit``."""
        async with unit_of_work(self._sessions) as repos:
            intake = await intake_of(repos, telegram_id, kept=kept)
            if not isinstance(intake, Intake):
                return intake
            intake.resident.blocked = False
            outcome = await self._filing.media(repos, intake, media, caption)
            await save(repos, intake.loaded)
            return outcome

    async def add_to_active(self, telegram_id: int, text: str) -> int | None:
        """Add an edited message to the ticket being reported; its id, or None if none."""
        now = self._clock()
        async with unit_of_work(self._sessions) as repos:
            resident = await repos.residents.by_telegram_id(telegram_id)
            if resident is None or not resident.registered:
                return None
            ticket = await active_ticket(repos, resident, now)
            if ticket is None:
                return None
            event = resident_event(ticket, resident, "message", now, text.strip()[:MAX_TEXT])
            event.data = {"edited": True}
            repos.tickets.add_event(event)
            ticket.updated_at = now
            return ticket.id


async def _place_known(repos: Repos, resident: Resident, loaded: Loaded) -> bool:
    """Whether the resident's grid is known, or made so: their community's default grid."""
    if resident.grid_id is not None:
        return True
    registration = loaded.state.registration
    community = await repos.areas.by_code(registration.community or "") if registration else None
    grids = await repos.areas.children(community.id) if community is not None else []
    if not grids:
        return False
    resident.grid_id = next((g for g in grids if g.is_default), grids[0]).id
    return True
