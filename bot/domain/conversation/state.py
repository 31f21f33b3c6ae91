"""The typed state of a chat's conversation and the pure operations on it.

Each dialogue owns one field of ``Conversation`` and replaces only that field, so one
dialogue never overwrites another's data.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace

MAX_KEPT = 30
"""Messages kept while registering; beyond that they are counted, not kept."""
MAX_MEDIA = 20
"""Photos and locations waiting for a report's description."""
MAX_ALBUMS = 5
"""Albums (media groups) remembered per chat, newest last."""
MEDIA_KINDS = ("photo", "location")


class RegistrationStep(enum.StrEnum):
    """Where a resident is in registration."""

    COMMUNITY = "community"
    GRID = "grid"
    ADDRESS = "address"
    PHONE = "phone"


class BroadcastStep(enum.StrEnum):
    """Where an admin is in the /broadcast dialogue."""

    AUDIENCE = "audience"
    COMMUNITY = "community"
    GRID = "grid"
    BUILDING = "building"
    TEXT = "text"
    RECEIPT = "receipt"


class OnBehalfStep(enum.StrEnum):
    """Where a worker is in the /new dialogue (a report on a household's behalf)."""

    HOUSEHOLD = "household"
    ADDRESS = "address"
    NAME = "name"
    PHONE = "phone"
    CATEGORY = "category"
    TEXT = "text"


ON_BEHALF_TYPED = (OnBehalfStep.ADDRESS, OnBehalfStep.NAME, OnBehalfStep.PHONE, OnBehalfStep.TEXT)
"""The /new steps that take the worker's next message."""


class Scope(enum.StrEnum):
    """Who a notice goes to."""

    ALL = "all"
    COMMUNITY = "community"
    GRID = "grid"
    BUILDING = "building"


class Dialogue(enum.StrEnum):
    """The dialogue that takes a chat's next free text, if any."""

    REGISTRATION = "registration"
    BROADCAST = "broadcast"
    ON_BEHALF = "on_behalf"


@dataclass(frozen=True)
class Media:
    """A photo (by Telegram file id) or a location sent by a resident."""

    kind: str
    file_id: str | None = None
    file_unique_id: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    media_group_id: str | None = None


@dataclass(frozen=True)
class KeptText:
    """A text kept while registering."""

    text: str


@dataclass(frozen=True)
class KeptMedia:
    """A photo or location kept while registering, with its caption."""

    media: Media
    caption: str | None = None


Kept = KeptText | KeptMedia


@dataclass(frozen=True)
class KeptMessages:
    """Messages sent before registration ended, oldest first, and how many did not fit."""

    items: tuple[Kept, ...] = ()
    dropped: int = 0

    def add(self, item: Kept) -> KeptMessages:
        """Keep one more (never replacing an earlier one); past ``MAX_KEPT`` only count it."""
        if len(self.items) >= MAX_KEPT:
            return replace(self, dropped=self.dropped + 1)
        return replace(self, items=(*self.items, item))


@dataclass(frozen=True)
class Registration:
    """The registration in progress: its step and the community chosen."""

    step: RegistrationStep
    community: str | None = None


@dataclass(frozen=True)
class Report:
    """What a resident said but has not filed: a text awaiting a category, waiting media."""

    text: str | None = None
    media: tuple[Media, ...] = ()


@dataclass(frozen=True)
class Album:
    """A media group and the ticket its photos join (``None``: waiting for a description)."""

    group: str
    ticket_id: int | None = None


@dataclass(frozen=True)
class BroadcastDraft:
    """The /broadcast dialogue: its step and what the admin has chosen so far."""

    step: BroadcastStep
    scope: Scope | None = None
    area_code: str | None = None
    building: str | None = None
    text: str | None = None
    photo: str | None = None


@dataclass(frozen=True)
class OnBehalfDraft:
    """The /new dialogue: its step, the household (or a new one's grid, address, name,
    phone) and the category chosen so far."""

    step: OnBehalfStep
    household_id: int | None = None
    grid_id: int | None = None
    address: str | None = None
    name: str | None = None
    phone: str | None = None
    category: str | None = None


@dataclass(frozen=True)
class Conversation:
    """Everything a chat is in the middle of; the empty value means nothing."""

    registration: Registration | None = None
    kept: KeptMessages = KeptMessages()
    report: Report = Report()
    albums: tuple[Album, ...] = ()
    broadcast: BroadcastDraft | None = None
    on_behalf: OnBehalfDraft | None = None

    @property
    def empty(self) -> bool:
        """Nothing going on (no row needs to be stored)."""
        return self == Conversation()

    def expecting(self) -> Dialogue | None:
        """The dialogue the next free text belongs to (the explicit /broadcast, /new first)."""
        if self.broadcast is not None and self.broadcast.step in (
            BroadcastStep.BUILDING,
            BroadcastStep.TEXT,
        ):
            return Dialogue.BROADCAST
        if self.on_behalf is not None and self.on_behalf.step in ON_BEHALF_TYPED:
            return Dialogue.ON_BEHALF
        return Dialogue.REGISTRATION if self.registration is not None else None

    def keep(self, item: Kept) -> Conversation:
        """Keep a message sent while registering."""
        return replace(self, kept=self.kept.add(item))

    def with_report_text(self, text: str) -> Conversation:
        """The text that awaits a category (the newest one asked about)."""
        return replace(self, report=replace(self.report, text=text))

    def with_report_media(self, media: Media) -> Conversation:
        """One more photo or location for the report being built."""
        if len(self.report.media) >= MAX_MEDIA:
            return self
        return replace(self, report=replace(self.report, media=(*self.report.media, media)))

    def album(self, group: str | None) -> Album | None:
        """What is known of a media group, if anything."""
        return next((a for a in self.albums if a.group == group), None) if group else None

    def track_album(self, group: str | None, ticket_id: int | None) -> Conversation:
        """Later photos of ``group`` join ``ticket_id`` (or wait, when ``None``)."""
        if not group:
            return self
        others = tuple(a for a in self.albums if a.group != group)
        albums = (*others, Album(group, ticket_id))[-MAX_ALBUMS:]
        return replace(self, albums=albums)

    def report_filed(self, ticket_id: int | None) -> Conversation:
        """The report was filed: forget it; waiting albums follow ``ticket_id``."""
        albums = tuple(
            a if a.ticket_id is not None else Album(a.group, ticket_id)
            for a in self.albums
            if a.ticket_id is not None or ticket_id is not None
        )
        return replace(self, report=Report(), albums=albums)

    def report_dropped(self) -> Conversation:
        """算了: forget the report and every album."""
        return replace(self, report=Report(), albums=())
