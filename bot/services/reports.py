"""A registered resident's messages become tickets, questions back, or self-service answers.

Outcomes are plain dataclasses; the handler renders each one. What a resident has said but
not yet filed (a message awaiting a category, a photo awaiting a description) is kept in
``Resident.state['report']`` so that a button press later, even after a restart, files it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.dispatch import Dispatcher
from bot.services.errors import InvalidInput, NotFound
from bot.services.relay import relay
from bot.services.tickets import (
    OTHER,
    Clock,
    intent_name,
    open_ticket,
    resident_event,
    ticket_view,
)
from bot.services.views import TicketView
from intents import Catalogue, Decision, Matcher
from storage.models import OPEN_STATUSES, Attachment, InfoRequest, Resident, Ticket
from storage.repos import Repos
from storage.uow import unit_of_work

log = logging.getLogger(__name__)

MEANINGFUL = re.compile(r"[\w\u4e00-\u9fff]")
ACTIVE_WINDOW = timedelta(minutes=60)
MAX_TEXT = 4000
UNSURE_FLOOR = 0.3  # below the matcher's confirm threshold, still worth offering as a choice


@dataclass(frozen=True)
class Choice:
    """A category a resident can pick."""

    key: str
    name: str


@dataclass(frozen=True)
class Opened:
    """A new ticket; ``safety`` is the emergency line to show first, if any."""

    ticket: TicketView
    safety: str | None = None


@dataclass(frozen=True)
class Appended:
    """The message went to an open ticket of the same kind (duplicate help)."""

    ticket: TicketView


@dataclass(frozen=True)
class Confirm:
    """Unsure: ask the resident to pick among these."""

    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class NotUnderstood:
    """No intent: offer every category, 其他问题 and 算了."""

    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class InfoAnswer:
    """A self-service answer (一次性告知), with a follow-up id for 已解决 / 还需要人工帮助."""

    request_id: int
    intent_name: str
    answer: str


@dataclass(frozen=True)
class Attached:
    """A photo or location joined a ticket; ``quiet`` for later photos of the same album."""

    ticket: TicketView
    kind: str
    quiet: bool = False


@dataclass(frozen=True)
class NeedsDescription:
    """A photo or location without words: ask for a short description."""

    kind: str
    quiet: bool = False


@dataclass(frozen=True)
class Empty:
    """Nothing to read (only emoji, spaces, punctuation)."""


@dataclass(frozen=True)
class Unregistered:
    """The sender is not registered yet, or is in the middle of registering (``step``)."""

    step: str | None


Outcome = (
    Opened | Appended | Confirm | NotUnderstood | InfoAnswer | Attached | NeedsDescription | Empty
)


@dataclass(frozen=True)
class Media:
    """A photo or a location sent by a resident."""

    kind: str  # photo | location
    file_id: str | None = None
    file_unique_id: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    media_group_id: str | None = None

    def as_state(self) -> dict[str, Any]:
        """JSON-able form for ``Resident.state``."""
        return {k: v for k, v in self.__dict__.items() if v is not None}


class MatcherSource(Protocol):
    """Where the matcher comes from (built lazily by the container)."""

    @property
    def matcher(self) -> Matcher:
        """The intent matcher."""
        ...

    catalogue: Catalogue


class ReportService:
    """Turns what a registered resident sends into the right outcome."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        intents: MatcherSource,
        dispatcher: Dispatcher,
        clock: Clock,
    ) -> None:
        self._sessions = sessions
        self._intents = intents
        self._catalogue = intents.catalogue
        self._dispatcher = dispatcher
        self._clock = clock

    @property
    def _matcher(self) -> Matcher:
        return self._intents.matcher

    def categories(self) -> tuple[Choice, ...]:
        """Every category, in catalogue order."""
        return tuple(Choice(i.key, i.name) for i in self._catalogue.intents)

    async def submit(
        self, telegram_id: int, text: str, reply_to: int | None = None
    ) -> Outcome | Unregistered:
        """Classify a text and act on it; a reply to a worker's message joins that ticket.

        One transaction, registration checked inside it: ``Unregistered`` says the sender
        must register (or finish registering) first."""
        text = text.strip()[:MAX_TEXT]
        async with unit_of_work(self._sessions) as repos:
            resident = await repos.residents.by_telegram_id(telegram_id)
            step = (resident.state or {}).get("step") if resident is not None else None
            if resident is None or not resident.registered or step is not None:
                return Unregistered(step)
            resident.blocked = False  # writing to the bot means they have not blocked it
            if not MEANINGFUL.search(text):
                return Empty()
            replied = await _replied_ticket(repos, telegram_id, reply_to)
            if replied is not None:
                return await self._append(repos, resident, replied, text)
            return await self._classified(repos, resident, text)

    async def choose(self, telegram_id: int, key: str) -> Outcome:
        """The resident picked a category (or 其他问题) for the message kept earlier."""
        if key != OTHER and key not in self._catalogue.keys:
            raise NotFound(key)
        async with unit_of_work(self._sessions) as repos:
            resident = await _registered(repos, telegram_id)
            report = dict((resident.state or {}).get("report") or {})
            if not report.get("text"):
                raise InvalidInput("nothing to file")
            return await self._act(repos, resident, key, str(report["text"]), False)

    async def drop(self, telegram_id: int) -> None:
        """算了: forget the kept message and any waiting photos."""
        async with unit_of_work(self._sessions) as repos:
            resident = await _registered(repos, telegram_id)
            resident.state = None

    async def split(self, telegram_id: int, ticket_id: int) -> Outcome:
        """这是另一件事: file the last message added to a ticket as a matter of its own."""
        async with unit_of_work(self._sessions) as repos:
            resident = await _registered(repos, telegram_id)
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
                return await self._classified(repos, resident, text, follow_up=False)
            if match.intent == source.intent or match.decision is Decision.ACT:
                ticket = await self._open(repos, resident, source.intent, text, False, [])
                return Opened(await ticket_view(repos, self._catalogue, ticket))
            return await self._classified(repos, resident, text, follow_up=False)

    async def info_outcome(self, telegram_id: int, request_id: int, solved: bool) -> Outcome:
        """已解决 records self-service success; 还需要人工帮助 opens a ticket."""
        async with unit_of_work(self._sessions) as repos:
            resident = await _registered(repos, telegram_id)
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
            ticket = await self._open(repos, resident, request.intent, request.text, False, [])
            request.outcome, request.ticket_id = "escalated", ticket.id
            return Opened(await ticket_view(repos, self._catalogue, ticket))

    async def media(self, telegram_id: int, media: Media, caption: str | None) -> Outcome:
        """A photo or location: join the album's or active ticket, or start a report."""
        now = self._clock()
        async with unit_of_work(self._sessions) as repos:
            resident = await _registered(repos, telegram_id)
            state = dict(resident.state or {})
            albums: dict[str, Any] = dict(state.get("albums") or {})
            album_ticket = albums.get(media.media_group_id) if media.media_group_id else None
            if isinstance(album_ticket, int):
                ticket = await repos.tickets.get(album_ticket)
                if ticket is not None:
                    await _attach(repos, ticket, resident, media, now)
                    view = await ticket_view(repos, self._catalogue, ticket)
                    return Attached(view, media.kind, quiet=True)
            if album_ticket == "pending":
                _keep_media(resident, media)
                return NeedsDescription(media.kind, quiet=True)
            if caption and MEANINGFUL.search(caption):
                _keep_media(resident, media)
                outcome = await self._classified(repos, resident, caption.strip()[:MAX_TEXT])
                _remember_album(resident, media, outcome)
                return outcome
            active = await _active_ticket(repos, resident, now)
            if active is not None:
                await _attach(repos, active, resident, media, now)
                await relay(repos, active, resident, None, media)
                attached = Attached(await ticket_view(repos, self._catalogue, active), media.kind)
                _remember_album(resident, media, attached)
                return attached
            _keep_media(resident, media)
            _remember_album(resident, media, None)
            return NeedsDescription(media.kind)

    async def add_to_active(self, telegram_id: int, text: str) -> int | None:
        """Add an edited message to the ticket being reported; its id, or None if none."""
        now = self._clock()
        async with unit_of_work(self._sessions) as repos:
            resident = await repos.residents.by_telegram_id(telegram_id)
            if resident is None or not resident.registered:
                return None
            ticket = await _active_ticket(repos, resident, now)
            if ticket is None:
                return None
            event = resident_event(ticket, resident, "message", now, text.strip()[:MAX_TEXT])
            event.data = {"edited": True}
            repos.tickets.add_event(event)
            ticket.updated_at = now
            return ticket.id

    async def _classified(
        self, repos: Repos, resident: Resident, text: str, *, follow_up: bool = True
    ) -> Outcome:
        match = self._matcher.classify(text)
        if match.decision is Decision.ACT and match.intent is not None:
            return await self._act(repos, resident, match.intent, text, match.emergency)
        active = await _active_ticket(repos, resident, self._clock()) if follow_up else None
        if active is not None:
            return await self._append(repos, resident, active, text)
        _keep_report(resident, text)
        if match.decision is Decision.CONFIRM:
            keys = [k for k in match.candidates if k][:3]
        else:
            keys = [a.intent for a in match.alternatives if a.confidence >= UNSURE_FLOOR][:3]
        if keys:
            return Confirm(tuple(Choice(k, intent_name(self._catalogue, k)) for k in keys))
        return NotUnderstood(self.categories())

    async def _act(
        self, repos: Repos, resident: Resident, key: str, text: str, emergency: bool
    ) -> Outcome:
        now = self._clock()
        intent = self._catalogue.get(key) if key != OTHER else None
        report = dict((resident.state or {}).get("report") or {})
        media = [Media(**m) for m in report.get("media", [])]
        if intent is not None and intent.kind == "info" and not emergency and not media:
            resident.state = None
            request = InfoRequest(resident_id=resident.id, intent=key, text=text, created_at=now)
            repos.info.add(request)
            await repos.info.flush()
            return InfoAnswer(request.id, intent.name, intent.replies.get("answer", ""))
        existing = await repos.tickets.open_of_resident(resident.id, key) if not emergency else None
        if existing is not None:
            return await self._append(repos, resident, existing, text)
        ticket = await self._open(repos, resident, key, text, emergency, media)
        albums = (resident.state or {}).get("albums") or {}
        resident.state = {"albums": {k: ticket.id for k in albums}} if albums else None
        safety = intent.emergency_reply if intent is not None and emergency else None
        return Opened(await ticket_view(repos, self._catalogue, ticket), safety)

    async def _open(
        self,
        repos: Repos,
        resident: Resident,
        key: str,
        text: str,
        emergency: bool,
        media: list[Media],
    ) -> Ticket:
        """Open a ticket with its media and dispatch it (派单) in the same transaction."""
        now = self._clock()
        ticket = await open_ticket(
            repos, self._catalogue, resident, key, text, now, emergency=emergency
        )
        files = [await _attach(repos, ticket, resident, m, now) for m in media]
        # everything below is written in one flush at commit (fewer statements per report);
        # the resident's confirmation names the grid: no separate 派单 message right after it
        with repos.session.no_autoflush:
            await self._dispatcher.dispatch(repos, ticket, now, tell_resident=False, files=files)
        return ticket

    async def _append(self, repos: Repos, resident: Resident, ticket: Ticket, text: str) -> Outcome:
        """Add a message (and any waiting media) to an open ticket; relay it to the owner."""
        now = self._clock()
        report = dict((resident.state or {}).get("report") or {})
        ticket.updated_at = now
        repos.tickets.add_event(resident_event(ticket, resident, "message", now, text))
        for m in report.get("media", []):
            await _attach(repos, ticket, resident, Media(**m), now)
        resident.state, resident.active_ticket_id = None, ticket.id
        await relay(repos, ticket, resident, text)
        return Appended(await ticket_view(repos, self._catalogue, ticket))


async def _replied_ticket(repos: Repos, chat_id: int, reply_to: int | None) -> Ticket | None:
    """The open ticket a resident's Telegram reply refers to (a worker's message), if any."""
    if reply_to is None:
        return None
    row = await repos.outbox.delivered_as(chat_id, reply_to)
    if row is None or row.ticket_id is None:
        return None
    ticket = await repos.tickets.get(row.ticket_id)
    return ticket if ticket is not None and ticket.status in OPEN_STATUSES else None


async def _registered(repos: Repos, telegram_id: int) -> Resident:
    resident = await repos.residents.by_telegram_id(telegram_id)
    if resident is None or not resident.registered:
        raise InvalidInput("not registered")
    return resident


def _keep_report(resident: Resident, text: str) -> None:
    state = dict(resident.state or {})
    report = dict(state.get("report") or {})
    report["text"] = text
    state["report"] = report
    resident.state = state


def _keep_media(resident: Resident, media: Media) -> None:
    state = dict(resident.state or {})
    report = dict(state.get("report") or {})
    report["media"] = [*report.get("media", []), media.as_state()][-10:]
    state["report"] = report
    resident.state = state


def _remember_album(resident: Resident, media: Media, outcome: Outcome | None) -> None:
    """Later photos of the same album follow the first one's fate."""
    if not media.media_group_id:
        return
    state = dict(resident.state or {})
    albums = dict(state.get("albums") or {})
    if isinstance(outcome, Opened | Appended | Attached):
        albums[media.media_group_id] = outcome.ticket.id
    else:
        albums[media.media_group_id] = "pending"
    state["albums"] = dict(list(albums.items())[-5:])
    resident.state = state


async def _active_ticket(repos: Repos, resident: Resident, now: Any) -> Ticket | None:
    """The ticket the resident is reporting right now: open and touched in the last hour."""
    if resident.active_ticket_id is None:
        return None
    ticket = await repos.tickets.get(resident.active_ticket_id)
    if ticket is None or ticket.status not in OPEN_STATUSES:
        return None
    return ticket if now - ticket.updated_at <= ACTIVE_WINDOW else None


async def _attach(
    repos: Repos, ticket: Ticket, resident: Resident, media: Media, now: Any
) -> Attachment:
    attachment = Attachment(
        ticket_id=ticket.id,
        kind=media.kind,
        file_id=media.file_id,
        file_unique_id=media.file_unique_id,
        latitude=media.latitude,
        longitude=media.longitude,
        media_group_id=media.media_group_id,
        created_at=now,
    )
    repos.tickets.add_attachment(attachment)
    ticket.updated_at = now
    repos.tickets.add_event(resident_event(ticket, resident, media.kind, now))
    return attachment
