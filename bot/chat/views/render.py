"""Turn service outcomes and views into the messages a resident reads (text + keyboard)."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from telegram import ForceReply, InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove

from bot.chat.views import keyboards, texts
from bot.queries.staff_tickets import QueueItem, StaffTicket
from bot.services.reports import (
    Appended,
    Attached,
    Confirm,
    Empty,
    InfoAnswer,
    NeedsDescription,
    NotUnderstood,
    Offered,
    Opened,
    Outcome,
)
from bot.services.views import ResidentView, TicketView

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply | None


@dataclass(frozen=True)
class Reply:
    """One message to send: HTML text and an optional keyboard."""

    text: str
    markup: Markup = None


def esc(value: str | None, limit: int | None = None) -> str:
    """Escape user text for HTML mode, shortened to ``limit`` characters."""
    value = value or ""
    if limit is not None and len(value) > limit:
        value = value[:limit] + "…"
    return html.escape(value, quote=False)


def outcome(result: Outcome) -> list[Reply]:
    """The replies for one report outcome (empty for quiet album photos)."""
    match result:
        case Opened(ticket=t, safety=safety):
            replies = [Reply(html.escape(safety, quote=False))] if safety else []
            return [*replies, Reply(opened_text(t), keyboards.opened(t))]
        case Appended(ticket=t, safety=safety, limited=limited):
            status = texts.STATUS_NAMES[t.status.value]
            template = texts.TICKET_LIMITED if limited else texts.TICKET_APPENDED
            text = template.format(
                id=t.id, intent=esc(t.intent_name or texts.OTHER_INTENT_NAME), status=status
            )
            replies = [Reply(html.escape(safety, quote=False))] if safety else []
            return [*replies, Reply(text, None if limited else keyboards.appended(t))]
        case Confirm(choices=choices):
            return [Reply(texts.CONFIRM, keyboards.categories(choices))]
        case NotUnderstood(choices=choices):
            return [Reply(texts.NOT_UNDERSTOOD, keyboards.categories(choices))]
        case InfoAnswer(request_id=rid, answer=answer):
            return [Reply(esc(answer) + texts.INFO_FOOTER, keyboards.info(rid))]
        case Attached(ticket=t, kind=kind, quiet=quiet):
            if quiet:
                return []
            template = texts.ATTACHED_PHOTO if kind == "photo" else texts.ATTACHED_LOCATION
            return [Reply(template.format(id=t.id))]
        case NeedsDescription(kind=kind, quiet=quiet):
            if quiet:
                return []
            photo = kind == "photo"
            return [
                Reply(texts.NEED_DESCRIPTION_PHOTO if photo else texts.NEED_DESCRIPTION_LOCATION)
            ]
        case Empty():
            return [Reply(texts.EMPTY_MESSAGE)]
        case Offered(ticket=t, households=n):
            text = texts.METOO_OFFER.format(id=t.id, status=texts.STATUS_NAMES[t.status.value])
            text += texts.METOO_OFFER_MANY.format(households=n) if n > 1 else ""
            return [Reply(text, keyboards.metoo_offer(t.id))]
    raise AssertionError(f"unhandled outcome {result!r}")


def opened_text(ticket: TicketView) -> str:
    """The confirmation of a new ticket: number, category, expected response time."""
    return texts.TICKET_OPENED.format(
        id=ticket.id,
        intent=esc(ticket.intent_name or texts.OTHER_INTENT_NAME),
        grid=esc(ticket.grid or ""),
        respond=(texts.working_duration if ticket.respond_working else texts.duration)(
            ticket.respond_within_hours
        ),
    )


def registered(view: ResidentView) -> str:
    """The summary shown when registration completes."""
    return texts.REG_DONE.format(
        community=esc(view.community or texts.NOT_SET),
        grid=esc(view.grid or texts.NOT_SET),
        address=esc(view.address or texts.NOT_SET),
        phone=esc(view.phone or texts.NOT_SET),
    )


def welcome_back(name: str, view: ResidentView) -> str:
    """The greeting for a returning resident."""
    return texts.REG_WELCOME_BACK.format(
        name=esc(name),
        community=esc(view.community or texts.NOT_SET),
        grid=esc(view.grid or texts.NOT_SET),
        address=esc(view.address or texts.NOT_SET),
    )


def my_list(tickets: list[TicketView], tz: tzinfo) -> str:
    """The /my list, newest first."""
    lines = [
        texts.MY_LINE.format(
            id=t.id,
            intent=esc(t.intent_name or texts.OTHER_INTENT_NAME),
            status=texts.STATUS_NAMES[t.status.value],
            date=t.created_at.astimezone(tz).strftime("%m-%d"),
        )
        for t in tickets
    ]
    return "\n".join([texts.MY_HEADER, *lines])


def _attachments(photos: int, locations: int) -> str:
    """附件：照片 N 张，位置 M 个 — or nothing when there are none."""
    if not photos and not locations:
        return ""
    return texts.TICKET_ATTACHMENTS.format(photos=photos, locations=locations)


def _event_text(kind: str, text: str | None, rating: str | None) -> str:
    """What follows a history line's name: its text, or the rating it recorded."""
    if rating is not None:
        label = texts.RATING_DEFAULT if kind == "closed" else texts.RATING_LABELS.get(rating, "")
        return f"：{label}"
    return f"：{esc(text)}" if text and kind != "created" else ""


def ticket_detail(t: TicketView, tz: tzinfo) -> str:
    """A ticket with its resident-visible history."""
    history = "\n".join(
        texts.HISTORY_LINE.format(
            time=e.at.astimezone(tz).strftime("%m-%d %H:%M"),
            what=texts.EVENT_NAMES.get(e.kind, e.kind),
            text=_event_text(e.kind, e.text, e.rating),
        )
        for e in t.events
    )
    attachments = _attachments(t.photos, t.locations)
    return texts.TICKET_DETAIL.format(
        id=t.id,
        intent=esc(t.intent_name or texts.OTHER_INTENT_NAME),
        status=texts.STATUS_NAMES[t.status.value],
        grid=esc(t.grid or texts.NOT_SET),
        created=t.created_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
        text=esc(t.text),
        attachments=attachments,
        history=history,
    )


def _span(delta: timedelta) -> str:
    return texts.duration(max(delta.total_seconds(), 60) / 3600)


def queue(items: list[QueueItem], now: datetime, header: str, empty: str) -> str:
    """A worker's queue or an admin's overdue list, one line per ticket with time left; every
    ticket is listed (the reply path splits a long list into several messages)."""
    if not items:
        return empty
    lines = []
    for item in items:
        if item.waiting:
            left = texts.QUEUE_WAITING
        elif item.deadline is None:
            left = ""
        elif item.overdue:
            left = texts.TIME_OVER.format(over=_span(now - item.deadline))
        else:
            left = texts.TIME_LEFT.format(left=_span(item.deadline - now))
        lines.append(
            texts.QUEUE_LINE.format(
                flag=texts.NOTICE_URGENT_FLAG if item.emergency else "",
                id=item.id,
                intent=esc(item.intent_name or texts.OTHER_INTENT_NAME),
                grid=esc(item.grid),
                status=texts.STATUS_NAMES[item.status.value],
                left=left,
            )
            + (
                texts.QUEUE_HOUSEHOLDS.format(households=item.households)
                if item.households > 1
                else ""
            )
        )
    return "\n".join([header, *lines])


def staff_ticket(t: StaffTicket, tz: tzinfo) -> str:
    """A ticket with every history entry (notes included), as staff see it; however long
    (the reply path splits it into several messages)."""

    def when(value: datetime | None) -> str:
        return value.astimezone(tz).strftime("%m-%d %H:%M") if value else texts.NOT_SET

    history = "\n".join(
        texts.STAFF_HISTORY_LINE.format(
            time=when(e.at),
            who=esc(e.actor_name or texts.ACTOR_NAMES.get(e.actor_kind, e.actor_kind)),
            what=texts.EVENT_NAMES.get(e.kind, e.kind),
            text=_event_text(e.kind, e.text, e.rating),
        )
        for e in t.events
    )
    attachments = _attachments(t.photos, t.locations)
    if t.households > 1:
        attachments = texts.DETAIL_HOUSEHOLDS.format(households=t.households) + attachments
    return texts.STAFF_TICKET.format(
        id=t.id,
        priority=texts.PRIORITY_NAMES.get(t.priority, str(t.priority)),
        status=texts.STATUS_NAMES[t.status.value]
        + (texts.DETAIL_WAITING.format(waiting=texts.QUEUE_WAITING) if t.waiting else ""),
        intent=esc(t.intent_name or texts.OTHER_INTENT_NAME),
        grid=esc(t.grid),
        owner=esc(t.owner) if t.owner else texts.NO_OWNER,
        name=esc(t.resident_name),
        phone=esc(t.phone or texts.NOT_SET),
        address=esc(t.address or texts.NOT_SET),
        created=when(t.created_at),
        respond_by=when(t.respond_by),
        due_by=when(t.due_by),
        text=esc(t.text),
        attachments=attachments,
        history=history,
    )
