"""Notifications of 核查, 延期 and 申诉 (issue 14), rendered when sent."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from bot.chat.views import keyboards, texts
from bot.chat.views.parts import Part, Photo, texts_of
from bot.chat.views.render import esc
from bot.domain.notifications import Kind
from bot.queries.notifications import Card, Facts

Renderer = Callable[[Facts, tzinfo, datetime], list[Part]]


def _card(f: Facts) -> Card:
    assert f.card is not None  # render() checked
    return f.card


def _intent(card: Card) -> str:
    return esc(card.intent_name or texts.OTHER_INTENT_NAME)


def until_text(value: object, tz: tzinfo) -> str:
    """An ISO time from the parameters as people read it (month, day, hour)."""
    if not isinstance(value, str):
        return texts.NOT_SET
    return datetime.fromisoformat(value).astimezone(tz).strftime("%m月%d日 %H:%M")


def hours_text(hours: object, working: bool = False) -> str:
    """Whole days as 天, anything else as 小时; working hours (工作时) as 个工作小时."""
    n = int(hours) if isinstance(hours, int) else 0
    if working:
        return texts.DURATION_WORKING_HOURS.format(n=n)
    if n and n % 24 == 0:
        return texts.DURATION_DAYS.format(n=n // 24)
    return texts.DURATION_HOURS.format(n=n)


def _verify(f: Facts, tz: tzinfo, now: datetime) -> list[Part]:
    card = _card(f)
    photos = [m for m in f.media if m.kind == "photo" and m.file_id]
    text = texts.NOTICE_VERIFY.format(
        id=card.id,
        intent=_intent(card),
        name=esc(f.entry_name or ""),
        text=esc(f.entry_text or ""),
        photos=texts.NOTICE_VERIFY_PHOTOS.format(n=len(photos)) if photos else "",
    )
    shots: list[Part] = [Photo(str(m.file_id), f"#{card.id}") for m in photos]
    return [*texts_of(text, keyboards.verify(card.id)), *shots]


def _verify_chase(f: Facts, tz: tzinfo, now: datetime) -> list[Part]:
    card = _card(f)
    reminded = f.kind == Kind.VERIFY_REMINDER
    template = texts.NOTICE_VERIFY_REMINDER if reminded else texts.NOTICE_VERIFY_ESCALATION
    hours = f.params.get("hours")
    text = template.format(
        id=card.id, intent=_intent(card), grid=esc(card.grid or ""), hours=hours or 0
    )
    return texts_of(text, keyboards.verify(card.id))


def _verified(f: Facts, tz: tzinfo, now: datetime) -> list[Part]:
    by = str(f.params.get("by"))
    return texts_of(texts.NOTICE_VERIFIED.get(by, texts.NOTICE_VERIFIED["staff"]).format(
        id=_card(f).id
    ))  # fmt: skip


def _verify_failed(f: Facts, tz: tzinfo, now: datetime) -> list[Part]:
    by = str(f.params.get("by"))
    template = texts.NOTICE_VERIFY_FAILED.get(by, texts.NOTICE_VERIFY_FAILED["staff"])
    name, reason = esc(f.entry_name or ""), esc(f.entry_text or "—")
    return texts_of(template.format(id=_card(f).id, name=name, reason=reason))


def _rework(f: Facts, tz: tzinfo, now: datetime) -> list[Part]:
    return texts_of(texts.RESIDENT_REWORK.format(id=_card(f).id))


def _extension(f: Facts, tz: tzinfo, now: datetime) -> list[Part]:
    card = _card(f)
    text = texts.NOTICE_EXTENSION.format(
        id=card.id,
        intent=_intent(card),
        grid=esc(card.grid or ""),
        name=esc(f.entry_name or ""),
        hours=hours_text(f.params.get("hours"), bool(f.params.get("working"))),
        until=until_text(f.params.get("until"), tz),
        reason=esc(f.entry_text or "—"),
    )
    return texts_of(text, keyboards.extension(card.id))


def _extension_decided(f: Facts, tz: tzinfo, now: datetime) -> list[Part]:
    card = _card(f)
    if f.params.get("approved"):
        until = until_text(f.params.get("until"), tz)
        return texts_of(texts.NOTICE_EXTENSION_APPROVED.format(id=card.id, until=until))
    return texts_of(texts.NOTICE_EXTENSION_REFUSED.format(id=card.id))


def _extended(f: Facts, tz: tzinfo, now: datetime) -> list[Part]:
    until = until_text(f.params.get("until"), tz)
    return texts_of(texts.RESIDENT_EXTENDED.format(id=_card(f).id, until=until))


def _rated_dissatisfied(f: Facts, tz: tzinfo, now: datetime) -> list[Part]:
    card = _card(f)
    text = texts.NOTICE_RATED_DISSATISFIED.format(id=card.id, intent=_intent(card))
    return texts_of(text, keyboards.appeal(card.id))


def _appeal(f: Facts, tz: tzinfo, now: datetime) -> list[Part]:
    card = _card(f)
    text = texts.NOTICE_APPEAL.format(
        id=card.id,
        intent=_intent(card),
        grid=esc(card.grid or ""),
        name=esc(f.entry_name or ""),
        reason=esc(f.entry_text or "—"),
    )
    return texts_of(text, keyboards.appeal_decision(card.id))


def _appeal_decided(f: Facts, tz: tzinfo, now: datetime) -> list[Part]:
    removed = bool(f.params.get("removed"))
    return texts_of(texts.NOTICE_APPEAL_DECIDED[removed].format(id=_card(f).id))


REVIEW_RENDERERS: dict[str, Renderer] = {
    Kind.VERIFY_WANTED: _verify,
    Kind.VERIFIED: _verified,
    Kind.VERIFY_REMINDER: _verify_chase,
    Kind.VERIFY_ESCALATION: _verify_chase,
    Kind.VERIFY_FAILED: _verify_failed,
    Kind.RESIDENT_REWORK: _rework,
    Kind.EXTENSION_ASKED: _extension,
    Kind.EXTENSION_DECIDED: _extension_decided,
    Kind.RESIDENT_EXTENDED: _extended,
    Kind.RATED_DISSATISFIED: _rated_dissatisfied,
    Kind.APPEAL_ASKED: _appeal,
    Kind.APPEAL_DECIDED: _appeal_decided,
}
"""Each issue-14 notification's renderer (merged into ``notifications.RENDERERS``)."""
