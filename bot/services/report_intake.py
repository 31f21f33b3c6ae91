"""The report being built: who is reporting, and what they said but have not filed yet.

A resident's message awaiting a category, photos awaiting a description and the albums they
belong to live in the chat's stored conversation (``bot.domain.conversation``), so a button
pressed later, after a restart or on another process, still files them. Only the report's
part of the conversation is changed here: a registration or broadcast in progress stays.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.conversation import Conversation, Dialogue, Media
from bot.services.conversation import Loaded, load_with_resident
from bot.services.errors import InvalidInput
from bot.services.report_types import (
    Appended,
    Attached,
    Elsewhere,
    Opened,
    Outcome,
    Unregistered,
)
from storage.models import OPEN_STATUSES, Resident, Ticket
from storage.repos import Repos

ACTIVE_WINDOW = timedelta(minutes=60)


@dataclass
class Intake:
    """A registered resident and their chat's conversation, changed as the report goes."""

    resident: Resident
    loaded: Loaded

    @property
    def state(self) -> Conversation:
        """The conversation as changed so far."""
        return self.loaded.state

    def keep_text(self, text: str) -> None:
        """Keep the text that awaits a category."""
        self.loaded.state = self.state.with_report_text(text)

    def keep_media(self, media: Media) -> None:
        """Keep a photo or location until the report is filed."""
        self.loaded.state = self.state.with_report_media(media)

    def remember_album(self, media: Media, outcome: Outcome | None) -> None:
        """Later photos of the same album follow the first one's fate."""
        ticket_id = outcome.ticket.id if isinstance(outcome, Opened | Appended | Attached) else None
        self.loaded.state = self.state.track_album(media.media_group_id, ticket_id)

    def filed(self, ticket_id: int | None) -> None:
        """The report went to ``ticket_id`` (or was answered without a ticket)."""
        self.loaded.state = self.state.report_filed(ticket_id)

    def dropped(self) -> None:
        """算了: forget the report and its albums."""
        self.loaded.state = self.state.report_dropped()


async def intake_of(
    repos: Repos, telegram_id: int, *, kept: bool = False
) -> Intake | Unregistered | Elsewhere:
    """The sender's intake, or why their message is not a report: another dialogue of the
    chat takes it (unless it is a message ``kept`` while registering, a report whatever the
    chat is doing now), or they must register (or finish registering) first."""
    resident, loaded = await load_with_resident(repos, telegram_id)
    elsewhere = loaded.state.expecting()
    if elsewhere in (Dialogue.BROADCAST, Dialogue.ON_BEHALF) and not kept:
        return Elsewhere(elsewhere)
    registration = loaded.state.registration
    if resident is None or not resident.registered or registration is not None:
        return Unregistered(registration.step if registration is not None else None)
    return Intake(resident, loaded)


async def registered_intake(repos: Repos, telegram_id: int) -> Intake:
    """A registered resident's intake (a button under an earlier answer); refused otherwise."""
    resident, loaded = await load_with_resident(repos, telegram_id)
    if resident is None or not resident.registered:
        raise InvalidInput("not registered")
    return Intake(resident, loaded)


async def registered(repos: Repos, telegram_id: int) -> Resident:
    """A registered resident; refused otherwise."""
    resident = await repos.residents.by_telegram_id(telegram_id)
    if resident is None or not resident.registered:
        raise InvalidInput("not registered")
    return resident


async def replied_ticket(repos: Repos, chat_id: int, reply_to: int | None) -> Ticket | None:
    """The open ticket a resident's Telegram reply refers to (a worker's message), if any."""
    if reply_to is None:
        return None
    row = await repos.outbox.delivered_as(chat_id, reply_to)
    if row is None or row.ticket_id is None:
        return None
    ticket = await repos.tickets.get(row.ticket_id)
    if ticket is None or ticket.status not in OPEN_STATUSES:
        return None
    owner = await repos.residents.by_telegram_id(chat_id)  # a follower's reply is no report
    return ticket if owner is not None and owner.id == ticket.resident_id else None


async def active_ticket(repos: Repos, resident: Resident, now: datetime) -> Ticket | None:
    """The ticket the resident is reporting right now: open and touched in the last hour, or
    waiting for the resident's answer."""
    if resident.active_ticket_id is None:
        return None
    ticket = await repos.tickets.get(resident.active_ticket_id)
    if ticket is None or ticket.status not in OPEN_STATUSES:
        return None
    if ticket.waiting_since is not None:
        return ticket  # 待居民补充: the worker waits for this answer, however late (issue 14)
    return ticket if now - ticket.updated_at <= ACTIVE_WINDOW else None
