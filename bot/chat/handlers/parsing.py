"""Strict parsing of the numbers people type or buttons carry: ASCII digits, in range.

``int()`` and ``str.isdigit`` accept far more than a ticket number (``²``, ``٣``, ``1_000``,
twenty digits that overflow the database); every handler parses ids here instead.
"""

from __future__ import annotations

import re
from typing import Any

MAX_ID = 2**31 - 1
"""The largest ticket, notice or delivery id (a 32-bit database integer)."""
MAX_TELEGRAM_ID = 2**63 - 1
"""The largest Telegram user or chat id (a 63-bit database integer)."""
_DIGITS = re.compile(r"[0-9]{1,19}")
_MARKS = "#＃"


def number(word: str | None, maximum: int = MAX_ID, minimum: int = 1) -> int | None:
    """``word`` as a number from ``minimum`` to ``maximum`` (a leading # allowed); else None."""
    raw = (word or "").strip().lstrip(_MARKS)
    if _DIGITS.fullmatch(raw) is None:
        return None
    value = int(raw)
    return value if minimum <= value <= maximum else None


def checked(value: int | None, maximum: int = MAX_ID, minimum: int = 1) -> int | None:
    """A number already read (from a button's data) if it is in range, else None."""
    return value if value is not None and minimum <= value <= maximum else None


def ticket_id(args: list[str] | None) -> int | None:
    """The ticket id that is a command's first argument, or None."""
    return number(args[0]) if args else None


def telegram_id(word: str | None) -> int | None:
    """A Telegram user id (a positive 63-bit number), or None."""
    return number(word, MAX_TELEGRAM_ID)


_REJECTED = re.compile("[\x00\ud800-\udfff]")


def clean(text: str) -> str:
    """``text`` without the characters PostgreSQL cannot store (NUL, lone surrogates)."""
    return _REJECTED.sub("", text)


def clean_json(value: Any) -> Any:
    """Every string in a JSON value (an update) cleaned with ``clean``."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        return [clean_json(item) for item in value]
    if isinstance(value, dict):
        return {key: clean_json(item) for key, item in value.items()}
    return value
