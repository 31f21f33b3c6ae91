"""Notifications rendered when sent: an outbox event and the facts read at that moment
become one or more messages (texts split at Telegram's limits, then photos, locations)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.chat.views import agenda, hotspots, household_notifications, keyboards, texts
from bot.chat.views import callbacks as cb
from bot.chat.views.parts import Location, Part, Photo, Text, texts_of
from bot.chat.views.render import esc
from bot.chat.views.review_notifications import REVIEW_RENDERERS
from bot.domain.notifications import FOR_HOUSEHOLD_PARAM, Kind

__all__ = ["Location", "Part", "Photo", "Text", "render", "texts_of"]
from bot.queries.notifications import Card, Facts, Media


def render(facts: Facts, tz: tzinfo, now: datetime) -> list[Part]:
    """The messages of one notification, in order (never empty)."""
    renderer = RENDERERS.get(facts.kind)
    if renderer is None or (facts.card is None and facts.kind not in NO_TICKET):
        return [Text(texts.NOTIFICATION_GONE.format(id=facts.ticket_id or ""))]
    parts = renderer(facts, tz, now)
    if facts.params.get(FOR_HOUSEHOLD_PARAM) and facts.card is not None:
        return household_notifications.for_household(facts.card, facts.kind, parts)
    return parts


def _media(card: Card, media: tuple[Media, ...]) -> list[Part]:
    parts: list[Part] = []
    for m in media:
        if m.kind == "photo" and m.file_id:
            parts.append(Photo(m.file_id, f"#{card.id}"))
        elif m.kind == "location" and m.latitude is not None and m.longitude is not None:
            parts.append(Location(m.latitude, m.longitude))
    return parts


def _intent(card: Card) -> str:
    return esc(card.intent_name or texts.OTHER_INTENT_NAME)


def _dispatched(f: Facts, tz: tzinfo, now: datetime) -> list[Part]:
    card = _card(f)
    flag = texts.NOTICE_URGENT_FLAG if card.emergency else ""
    if not card.grid_has_workers:
        flag += texts.NOTICE_NO_WORKER.format(grid=esc(card.grid or ""))
    photos = sum(m.kind == "photo" for m in f.media)
    locations = sum(m.kind == "location" for m in f.media)
    attachments = (
        texts.NOTICE_ATTACHMENTS.format(photos=photos, locations=locations) if f.media else ""
    )
    if card.households > 1:
        attachments = texts.DETAIL_HOUSEHOLDS.format(households=card.households) + attachments
    prefix = ""
    if f.params.get("transfer"):
        reason = esc(f.entry_text or "—")
        prefix = texts.WORKER_TRANSFERRED_IN.format(
            id=card.id, from_grid=esc(f.from_grid or ""), reason=reason
        )
    body = texts.NOTICE_DISPATCH.format(
        flag=flag,
        id=card.id,
        priority=texts.PRIORITY_NAMES.get(card.priority, str(card.priority)),
        intent=_intent(card),
        grid=esc(card.grid or texts.NOT_SET),
        name=esc(card.resident_name),
        address=esc(card.address or texts.NOT_SET),
        text=esc(card.text),
        attachments=attachments,
        respond_by=_time(card.respond_by, tz),
    )
    return [*texts_of(prefix + body, keyboards.ticket_actions(card.id)), *_media(card, f.media)]


def _time(value: datetime | None, tz: tzinfo) -> str:
    return value.astimezone(tz).strftime("%m-%d %H:%M") if value else texts.NOT_SET


def _span(delta: timedelta) -> str:
    return texts.duration(max(delta.total_seconds(), 60) / 3600)


def _reminder(f: Facts, tz: tzinfo, now: datetime) -> list[Part]:
    if "tickets" in f.params:
        return _reminder_digest(f, now)
    if f.card is None:
        return [Text(texts.NOTIFICATION_GONE.format(id=f.ticket_id or ""))]
    card = f.card
    left = (card.deadline - now) if card.deadline else timedelta(0)
    what = texts.WHAT_NAMES.get(str(f.params.get("what")), texts.WHAT_RESPOND)
    text = texts.REMINDER.format(id=card.id, intent=_intent(card), left=_span(left), what=what)
    return texts_of(text)


def _reminder_digest(f: Facts, now: datetime) -> list[Part]:
    lines = [texts.REMINDER_HEADER]
    for card in f.cards:
        left = (card.deadline - now) if card.deadline else timedelta(0)
        what = texts.WHAT_RESOLVE if card.status == "accepted" else texts.WHAT_RESPOND
        line = texts.REMINDER_LINE.format(
            id=card.id, intent=_intent(card), left=_span(left), what=what
        )
        lines.append(line)
    return texts_of("\n".join(lines))


def _escalation(f: Facts, tz: tzinfo, now: datetime) -> list[Part]:
    lines = [texts.ESCALATION_HEADER]
    for card in f.cards:
        over = now - card.deadline if card.deadline else timedelta(0)
        lines.append(
            texts.ESCALATION_LINE.format(
                id=card.id,
                intent=_intent(card),
                grid=esc(card.grid or ""),
                status=texts.STATUS_NAMES[card.status],
                over=_span(over),
                owner=f" · {esc(card.owner)}" if card.owner else "",
            )
        )
    return texts_of("\n".join(lines))


def _card(f: Facts) -> Card:
    assert f.card is not None  # render() checked
    return f.card


def _simple(template: str, **fields: Callable[[Facts], str]) -> Renderer:
    def renderer(f: Facts, tz: tzinfo, now: datetime) -> list[Part]:
        values = {name: get(f) for name, get in fields.items()}
        return texts_of(template.format(id=_card(f).id, **values))

    return renderer


def _relay_more(f: Facts) -> str:
    more = f.params.get("more")
    return texts.WORKER_RELAY_MORE.format(more=more, id=_card(f).id) if more else ""


def _relay(f: Facts, tz: tzinfo, now: datetime) -> list[Part]:
    card = _card(f)
    name, text = esc(card.resident_name), esc(f.entry_text or "")
    return texts_of(texts.WORKER_RELAY.format(id=card.id, name=name, text=text) + _relay_more(f))


def _relay_media(f: Facts, tz: tzinfo, now: datetime) -> list[Part]:
    card = _card(f)
    what = texts.RELAY_WHAT["photo" if f.kind == Kind.RELAY_PHOTO else "location"]
    head = texts.WORKER_RELAY_MEDIA.format(name=esc(card.resident_name), id=card.id, what=what)
    return [*texts_of(head + _relay_more(f)), *_media(card, f.media)]


def _resolved(f: Facts, tz: tzinfo, now: datetime) -> list[Part]:
    card = _card(f)
    text = texts.RESIDENT_RESOLVED.format(id=card.id, text=esc(f.entry_text or ""))
    return texts_of(text, keyboards.rating(card.id))


def _follower_resolved(f: Facts) -> list[Part]:
    card = _card(f)
    text = texts.FOLLOWER_RESOLVED.format(
        id=card.id, intent=_intent(card), text=esc(f.entry_text or "")
    )
    return texts_of(text, keyboards.follower_rating(card.id))


def _metoo(f: Facts) -> list[Part]:
    card = _card(f)
    households = f.params.get("households") or card.households
    text = texts.WORKER_METOO.format(id=card.id, intent=_intent(card), households=households)
    said = texts.WORKER_METOO_SAID.format(text=esc(f.entry_text)) if f.entry_text else ""
    return texts_of(text + said)


def _agenda(f: Facts, *, invite: bool) -> list[Part]:
    item = f.agenda
    if item is None:
        return [Text(texts.AGENDA_CLOSED)]
    if invite:
        return texts_of(agenda.invitation(item), keyboards.agenda_reply(item.id))
    return texts_of(agenda.outcome(item))


def _granted(f: Facts, tz: tzinfo, now: datetime) -> list[Part]:
    role = str(f.params.get("role"))
    areas = "、".join(str(a) for a in f.params.get("areas") or ())
    template = texts.GRANTED_YOU.get(role, texts.GRANTED_YOU["worker"])
    return texts_of(template.format(areas=esc(areas)))


def _legacy(f: Facts, tz: tzinfo, now: datetime) -> list[Part]:
    p: dict[str, Any] = f.params
    if p.get("as") == "photo" and p.get("photo"):
        return [Photo(str(p["photo"]), str(p.get("text") or ""))]
    location = p.get("location") or {}
    if p.get("as") == "location" and location:
        return [Location(float(location["latitude"]), float(location["longitude"]))]
    markup = InlineKeyboardMarkup.de_json(p["markup"], None) if p.get("markup") else None
    return texts_of(str(p.get("text") or texts.NOTIFICATION_GONE.format(id="")), markup)


def _visit_overdue(f: Facts, tz: tzinfo, now: datetime) -> list[Part]:
    ids = [int(i) for i in f.params.get("households") or ()]
    text = texts.VISIT_OVERDUE.format(
        grid=esc(f.grid_name or ""), count=len(ids), ids="、".join(f"#{i}" for i in ids)
    )
    buttons = [
        [InlineKeyboardButton(texts.VISIT_OVERDUE_BUTTON.format(id=i), callback_data=cb.HH_SHOW(i))]
        for i in ids[:10]
    ]
    return texts_of(text, InlineKeyboardMarkup(buttons) if buttons else None)


def _wish(template: str) -> Renderer:
    def renderer(f: Facts, tz: tzinfo, now: datetime) -> list[Part]:
        p = f.params
        values = {"id": p.get("wish"), "household": p.get("household"), "grid": f.grid_name}
        return texts_of(template.format(**{k: esc(str(v or "")) for k, v in values.items()}))

    return renderer


Renderer = Callable[[Facts, tzinfo, datetime], list[Part]]
NO_TICKET = frozenset(
    {Kind.ESCALATION.value, Kind.LEGACY.value, Kind.GRANTED.value, Kind.REMINDER.value}
    | {Kind.AGENDA_INVITE.value, Kind.AGENDA_OUTCOME.value}
    | {Kind.VISIT_OVERDUE.value, Kind.WISH_CLAIMED.value, Kind.WISH_FULFILLED.value}
    | {Kind.WISH_TELL.value, Kind.HOTSPOTS_NEW.value}
)
RENDERERS: dict[str, Renderer] = {
    Kind.DISPATCHED: _dispatched,
    Kind.REMINDER: _reminder,
    Kind.ESCALATION: _escalation,
    Kind.REOPENED: _simple(texts.WORKER_REOPENED),
    Kind.CANCELLED: _simple(texts.WORKER_CANCELLED, intent=lambda f: _intent(_card(f))),
    Kind.GRANTED: _granted,
    Kind.RELAY: _relay,
    Kind.RELAY_PHOTO: _relay_media,
    Kind.RELAY_LOCATION: _relay_media,
    Kind.RESIDENT_DISPATCHED: _simple(
        texts.RESIDENT_DISPATCHED, grid=lambda f: esc(_card(f).grid or "")
    ),
    Kind.RESIDENT_TAKEN: _simple(texts.RESIDENT_TAKEN, name=lambda f: esc(f.staff_name or "")),
    Kind.RESIDENT_REPLY: _simple(
        texts.RESIDENT_REPLY,
        name=lambda f: esc(f.entry_name or ""),
        text=lambda f: esc(f.entry_text or ""),
    ),
    Kind.RESIDENT_RESOLVED: _resolved,
    Kind.RESIDENT_TRANSFERRED: _simple(
        texts.RESIDENT_TRANSFERRED, grid=lambda f: esc(f.grid_name or "")
    ),
    Kind.LEGACY: _legacy,
    **REVIEW_RENDERERS,
    Kind.METOO: lambda f, tz, now: _metoo(f),
    Kind.RESIDENT_MERGED: _simple(texts.RESIDENT_MERGED, into=lambda f: str(f.params.get("into"))),
    Kind.FOLLOWER_MERGED: _simple(texts.FOLLOWER_MERGED, into=lambda f: str(f.params.get("into"))),
    Kind.FOLLOWER_TAKEN: _simple(
        texts.FOLLOWER_TAKEN,
        name=lambda f: esc(f.staff_name or ""),
        intent=lambda f: _intent(_card(f)),
    ),
    Kind.FOLLOWER_RESOLVED: lambda f, tz, now: _follower_resolved(f),
    Kind.FOLLOWER_UNSOLVED: _simple(
        texts.WORKER_FOLLOWER_UNSOLVED, intent=lambda f: _intent(_card(f))
    ),
    Kind.AGENDA_INVITE: lambda f, tz, now: _agenda(f, invite=True),
    Kind.AGENDA_OUTCOME: lambda f, tz, now: _agenda(f, invite=False),
    Kind.VISIT_OVERDUE: _visit_overdue,
    Kind.HOTSPOTS_NEW: hotspots.announcement,
    Kind.WISH_CLAIMED: _wish(texts.WISH_CLAIMED_NOTE),
    Kind.WISH_FULFILLED: _wish(texts.WISH_FULFILLED_NOTE),
    Kind.WISH_TELL: _wish(texts.WISH_TELL_NOTE),
    Kind.HOUSEHOLD_CLOSED: household_notifications.closed,
}
