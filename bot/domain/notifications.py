"""Who must be told of what: events become notifications, stored as data and rendered
when sent (``bot.chat.views.notifications``), with the data as it is then.

A notification names its kind, its audience (resolved to chats by the service layer) and
its parameters: ids and plain values, never a resident's words, name or address.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.domain.events import (
    Cancelled,
    Dispatched,
    Event,
    Reopened,
    Replied,
    Resolved,
    Taken,
    Transferred,
)


class Kind(enum.StrEnum):
    """Every notification the bot sends on its own (one renderer each)."""

    DISPATCHED = "staff.dispatched"
    """The ticket card with 接单/转派/详情, then its photos and locations."""
    REMINDER = "staff.reminder"
    """催办 to the people acting on one ticket."""
    ESCALATION = "staff.escalation"
    """督办 to an admin: a digest of overdue tickets (``tickets``: ids)."""
    REOPENED = "staff.reopened"
    """The resident said it is not solved."""
    RELAY = "staff.relay"
    """A resident's follow-up (``event``: history id) for the owner."""
    RELAY_PHOTO = "staff.relay_photo"
    """A resident's photo (``attachment``: id) for the owner."""
    RELAY_LOCATION = "staff.relay_location"
    """A resident's location (``attachment``: id) for the owner."""
    CANCELLED = "staff.cancelled"
    """The resident withdrew the ticket: its owner (or the grid's workers) need not act."""
    GRANTED = "staff.granted"
    """You were made a worker or an admin (``role``, ``areas``: codes); no ticket."""
    RESIDENT_DISPATCHED = "resident.dispatched"
    """Your ticket went to the grid's workers."""
    RESIDENT_TAKEN = "resident.taken"
    """A worker took your ticket (``staff``: staff id)."""
    RESIDENT_REPLY = "resident.reply"
    """A worker's message (``event``: history id)."""
    RESIDENT_RESOLVED = "resident.resolved"
    """办结 (``event``: history id), with the rating buttons."""
    RESIDENT_TRANSFERRED = "resident.transferred"
    """Your ticket moved to another grid (``grid``: area id)."""
    VISIT_OVERDUE = "staff.visit_overdue"
    """督办 of visits: elders living alone overdue (``grid``: area id, ``households``: ids)."""
    WISH_CLAIMED = "staff.wish_claimed"
    """微心愿 adopted by a helper (``wish``: id, ``grid``: area id), for the grid's workers."""
    WISH_FULFILLED = "resident.wish_fulfilled"
    """Your 微心愿 came true (``wish``: id)."""
    WISH_TELL = "staff.wish_tell"
    """A household's 微心愿 came true: tell them (``wish``, ``household``: ids)."""
    LEGACY = "legacy"
    """A message finished before the upgrade that introduced events (sent as it was)."""


class Audience(enum.StrEnum):
    """Who a notification goes to; the service layer finds their chats."""

    RESIDENT = "resident"
    OWNER = "owner"
    DISPATCH = "dispatch"
    """The grid's workers, or the admins over it when it has none (emergencies: both)."""
    HANDLERS = "handlers"
    """The owner; when nobody owns it, those a dispatch reaches (the grid's workers...)."""


HISTORY_KINDS = frozenset({Kind.RESIDENT_REPLY, Kind.RESIDENT_RESOLVED, Kind.RELAY})
"""Notifications that show a history entry's text (its id goes into the parameters)."""


@dataclass(frozen=True)
class Notification:
    """A notification to send: kind, audience, parameters (ids and plain values)."""

    kind: Kind
    audience: Audience
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def needs_history(self) -> bool:
        """Whether it shows the text of the history entry of its event."""
        return self.kind in HISTORY_KINDS or bool(self.params.get("transfer"))


def for_events(events: Sequence[Event]) -> list[tuple[int, Notification]]:
    """What these events (of one transition) mean for the people involved, by event index.

    A dispatch that follows a transfer tells the new grid where the ticket came from (the
    transfer's history entry), and the resident hears of the transfer, not of the dispatch.
    """
    plan: list[tuple[int, Notification]] = []
    for i, event in enumerate(events):
        after_transfer = i > 0 and isinstance(events[i - 1], Transferred)
        if isinstance(event, Dispatched) and after_transfer:
            plan.append((i - 1, Notification(Kind.DISPATCHED, Audience.DISPATCH, {"transfer": 1})))
            continue
        plan.extend((i, n) for n in for_event(event))
    return plan


def for_event(event: Event) -> list[Notification]:
    """What one event means for the people involved."""
    if isinstance(event, Dispatched):
        return [
            Notification(Kind.DISPATCHED, Audience.DISPATCH),
            Notification(Kind.RESIDENT_DISPATCHED, Audience.RESIDENT),
        ]
    if isinstance(event, Taken) and not event.implicit:
        return [Notification(Kind.RESIDENT_TAKEN, Audience.RESIDENT, {"staff": event.staff_id})]
    if isinstance(event, Replied):
        return [Notification(Kind.RESIDENT_REPLY, Audience.RESIDENT)]
    if isinstance(event, Resolved):
        return [Notification(Kind.RESIDENT_RESOLVED, Audience.RESIDENT)]
    if isinstance(event, Transferred):
        params = {"grid": event.to_grid}
        return [Notification(Kind.RESIDENT_TRANSFERRED, Audience.RESIDENT, params)]
    if isinstance(event, Reopened):
        return [Notification(Kind.REOPENED, Audience.OWNER)]
    if isinstance(event, Cancelled):
        return [Notification(Kind.CANCELLED, Audience.HANDLERS)]
    return []  # notes, ratings; reminders and escalations go out as digests
