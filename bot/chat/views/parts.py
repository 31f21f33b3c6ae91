"""The parts a notification is sent as: texts (split at Telegram's limit), photos, map pins."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardMarkup

from bot.chat.views.split import split_html


@dataclass(frozen=True)
class Text:
    """A text message (HTML) with optional buttons."""

    text: str
    markup: InlineKeyboardMarkup | None = None


@dataclass(frozen=True)
class Photo:
    """A photo by file id, with a short caption."""

    file_id: str
    caption: str


@dataclass(frozen=True)
class Location:
    """A map pin."""

    latitude: float
    longitude: float


Part = Text | Photo | Location


def texts_of(text: str, markup: InlineKeyboardMarkup | None = None) -> list[Part]:
    """A long text as several messages; the buttons go under the last one."""
    chunks = split_html(text)
    return [Text(c, markup if i == len(chunks) - 1 else None) for i, c in enumerate(chunks)]
