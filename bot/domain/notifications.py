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

from bot.domain import review_events as rv
from bot.domain.events import (
    Cancelled,
    Dispatched,
    Event,
    Merged,
    MeToo,
    Rated,
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
    # issue 14: 核查, 延期, 申诉
    VERIFY_WANTED = "staff.verify"
    """办结 waits for 核查 (``event``: history id): 核查通过 / 核查不通过, with the photos."""
    VERIFIED = "staff.verified"
    """Your work passed the check (``by``: resident or staff)."""
    VERIFY_FAILED = "staff.verify_failed"
    """返工: the check failed (``event``: history id, with the reason)."""
    RESIDENT_REWORK = "resident.rework"
    """A staff check found the work unfinished: it goes on."""
    EXTENSION_ASKED = "staff.extension_asked"
    """An owner asks for more time (``event``: history id): 同意延期 / 不同意."""
    EXTENSION_DECIDED = "staff.extension_decided"
    """Your extension was approved or refused (``approved``, ``until``)."""
    RESIDENT_EXTENDED = "resident.extended"
    """Your ticket will take longer: the new expected time (``until``)."""
    RATED_DISSATISFIED = "staff.rated_dissatisfied"
    """The resident rated 不满意: the owner may appeal (申诉) once."""
    APPEAL_ASKED = "staff.appeal_asked"
    """An owner appeals a 不满意 rating (``event``: history id): 维持评价 / 撤销评价."""
    APPEAL_DECIDED = "staff.appeal_decided"
    """Your appeal was decided (``removed``)."""
    METOO = "staff.metoo"
    """我也遇到 / 并单: more households share the ticket (``households``: how many now)."""
    RESIDENT_MERGED = "resident.merged"
    """Your ticket was merged into another (``into``: its id); you follow that one now."""
    FOLLOWER_TAKEN = "follower.taken"
    """A worker took the ticket you follow (``staff``: staff id)."""
    FOLLOWER_RESOLVED = "follower.resolved"
    """The ticket you follow is done (``event``: history id), with the rating buttons."""
    AGENDA_INVITE = "resident.agenda_invite"
    """每月一题: you are invited (``agenda``: item id), with 我要参加 / 我有建议; no ticket."""
    AGENDA_OUTCOME = "resident.agenda_outcome"
    """每月一题: the outcome of an item you were invited to (``agenda``); no ticket."""
    HOTSPOTS_NEW = "staff.hotspots_new"
    """The daily watch: hotspots new in an admin's areas (``hotspots``, ``limits``); no ticket."""
    FOLLOWER_UNSOLVED = "staff.follower_unsolved"
    """A household following the ticket says 问题没解决 after 办结 (the ticket stays as it is)."""
    FOLLOWER_MERGED = "follower.merged"
    """The ticket you follow was merged into another (``into``); you follow that one now."""
    VERIFY_REMINDER = "staff.verify_reminder"
    """催办 of a 核查 that waited too long (``hours``), with 核查通过 / 核查不通过."""
    VERIFY_ESCALATION = "staff.verify_escalation"
    """督办 of a 核查 that waited twice too long (``hours``), for the admins over the grid."""
    HOUSEHOLD_CLOSED = "staff.household_closed"
    """A ticket opened on a household's behalf was closed without the person's rating."""


class Audience(enum.StrEnum):
    """Who a notification goes to; the service layer finds their chats."""

    RESIDENT = "resident"
    OWNER = "owner"
    DISPATCH = "dispatch"
    """The grid's workers, or the admins over it when it has none (emergencies: both)."""
    HANDLERS = "handlers"
    """The owner; when nobody owns it, those a dispatch reaches (the grid's workers...)."""
    CHECKERS = "checkers"
    """Who may check the work (核查): the grid's workers and the admins over it, not the doer."""
    ADMINS = "admins"
    """The admins over the ticket's grid, except its owner (extensions, appeals)."""
    CHECK_ADMINS = "check_admins"
    """The admins over the ticket's grid, except the doer of the work waiting for 核查."""
    FOLLOWERS = "followers"
    """The households following the ticket (我也遇到, 并单)."""
    HOUSEHOLD_STAFF = "household_staff"
    """For a ticket opened on a household's behalf: who opened it and its owner (else none)."""


FOR_HOUSEHOLD = frozenset(
    {
        Kind.RESIDENT_TAKEN,
        Kind.RESIDENT_REPLY,
        Kind.RESIDENT_RESOLVED,
        Kind.RESIDENT_TRANSFERRED,
        Kind.RESIDENT_EXTENDED,
        Kind.RESIDENT_REWORK,
        Kind.RESIDENT_MERGED,
    }
)
"""What the person is told of their ticket; for a household without Telegram the staff who
opened it (or own it) get it instead, to pass on (parameter ``FOR_HOUSEHOLD_PARAM``)."""
FOR_HOUSEHOLD_PARAM = "for_household"


HISTORY_KINDS = frozenset(
    {
        Kind.RESIDENT_REPLY,
        Kind.RESIDENT_RESOLVED,
        Kind.RELAY,
        Kind.VERIFY_WANTED,
        Kind.VERIFY_FAILED,
        Kind.EXTENSION_ASKED,
        Kind.APPEAL_ASKED,
        Kind.FOLLOWER_RESOLVED,
        Kind.METOO,
    }
)
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
    """What one event means for the people involved (followers too)."""
    return [*_for_event(event), *for_followers(event)]


def for_followers(event: Event) -> list[Notification]:
    """What an event means for the households following the ticket, and its handlers."""
    if isinstance(event, Taken) and not event.implicit:
        return [Notification(Kind.FOLLOWER_TAKEN, Audience.FOLLOWERS, {"staff": event.staff_id})]
    if isinstance(event, Resolved):
        return [Notification(Kind.FOLLOWER_RESOLVED, Audience.FOLLOWERS)]
    if isinstance(event, Merged):
        params = {"into": event.into}
        return [
            Notification(Kind.RESIDENT_MERGED, Audience.RESIDENT, params),
            Notification(Kind.FOLLOWER_MERGED, Audience.FOLLOWERS, params),
        ]
    if isinstance(event, MeToo):
        params = {"households": event.households}
        return [Notification(Kind.METOO, Audience.HANDLERS, params)]
    return []


def _for_event(event: Event) -> list[Notification]:
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
    return _for_review(event)  # notes, ratings; reminders and escalations go out as digests


def _for_review(event: Event) -> list[Notification]:
    """核查, 延期 and 申诉 (issue 14)."""
    if isinstance(event, rv.VerifyRequested):
        return [
            Notification(Kind.RESIDENT_RESOLVED, Audience.RESIDENT),
            Notification(Kind.VERIFY_WANTED, Audience.CHECKERS),
        ]
    if isinstance(event, rv.CheckReminded | rv.CheckEscalated):
        reminded = isinstance(event, rv.CheckReminded)
        kind = Kind.VERIFY_REMINDER if reminded else Kind.VERIFY_ESCALATION
        audience = Audience.CHECKERS if reminded else Audience.CHECK_ADMINS
        return [Notification(kind, audience, {"hours": event.hours})]
    if isinstance(event, rv.Verified):
        return [Notification(Kind.VERIFIED, Audience.OWNER, {"by": event.by})]
    if isinstance(event, rv.VerifyFailed):
        owner = Notification(Kind.VERIFY_FAILED, Audience.OWNER, {"by": event.by})
        if event.by == rv.RESIDENT:
            return [owner]
        return [owner, Notification(Kind.RESIDENT_REWORK, Audience.RESIDENT)]
    if isinstance(event, rv.ExtensionRequested):
        asked: dict[str, Any] = {"hours": event.hours, "until": event.until.isoformat()}
        if event.working:
            asked["working"] = True
        return [Notification(Kind.EXTENSION_ASKED, Audience.ADMINS, asked)]
    if isinstance(event, rv.ExtensionApproved | rv.ExtensionRefused):
        approved = isinstance(event, rv.ExtensionApproved)
        params: dict[str, Any] = {"approved": approved}
        if isinstance(event, rv.ExtensionApproved):
            params["until"] = event.until.isoformat()
        told = [Notification(Kind.EXTENSION_DECIDED, Audience.OWNER, params)]
        if approved:
            told.append(Notification(Kind.RESIDENT_EXTENDED, Audience.RESIDENT, params))
        return told
    if isinstance(event, Rated) and event.rating == "dissatisfied" and not event.default:
        return [Notification(Kind.RATED_DISSATISFIED, Audience.OWNER)]
    if isinstance(event, Rated) and event.default:
        return [Notification(Kind.HOUSEHOLD_CLOSED, Audience.HOUSEHOLD_STAFF)]
    if isinstance(event, rv.RatingAppealed):
        return [Notification(Kind.APPEAL_ASKED, Audience.ADMINS)]
    if isinstance(event, rv.RatingUpheld | rv.RatingRemoved):
        removed = isinstance(event, rv.RatingRemoved)
        return [Notification(Kind.APPEAL_DECIDED, Audience.OWNER, {"removed": removed})]
    return []
