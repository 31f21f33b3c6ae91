"""进百家门: a ticket's updates for the staff who tell a person without Telegram (the
resident's message, under a head naming the household and its phone, without buttons)."""

from __future__ import annotations

from datetime import datetime, tzinfo

from bot.chat.views import texts
from bot.chat.views.parts import Part, Text, texts_of
from bot.chat.views.render import esc
from bot.domain.notifications import Kind
from bot.queries.notifications import Card, Facts


def _who(card: Card) -> dict[str, str]:
    phone = card.household_phone
    return {
        "household": str(card.household_id or ""),
        "name": esc(card.resident_name),
        "phone": texts.FOR_HOUSEHOLD_PHONE.format(phone=esc(phone)) if phone else "",
    }


def for_household(card: Card, kind: str, parts: list[Part]) -> list[Part]:
    """What the person would have been told, for the staff to pass on."""
    said = "\n\n".join(p.text for p in parts if isinstance(p, Text))
    text = texts.FOR_HOUSEHOLD_HEAD.format(id=card.id, **_who(card)) + said
    if kind == Kind.RESIDENT_RESOLVED:
        text += texts.FOR_HOUSEHOLD_RATE.format(id=card.id)
    return [*texts_of(text), *(p for p in parts if not isinstance(p, Text))]


def closed(f: Facts, tz: tzinfo, now: datetime) -> list[Part]:
    """Closed without the person's rating: tell them anyway."""
    assert f.card is not None
    card = f.card
    intent = esc(card.intent_name or texts.OTHER_INTENT_NAME)
    return texts_of(texts.HOUSEHOLD_CLOSED.format(id=card.id, intent=intent, **_who(card)))
