"""The one Telegram error ladder: what became of one attempt to send a message.

Every sender (the outbox sender, the broadcaster) sends through ``attempt`` and branches on
the verdict's type, never on exception classes or message text::

    verdict = await attempt(lambda: bot.send_message(chat_id, text), attempts=row.attempts)
    match verdict:
        case Sent(message):        # delivered: keep message.message_id
            ...
        case Retry(after, reason): # transient: try again after ``after``
            ...
        case Blocked(reason):      # 403: the user blocked the bot; stop writing to them
            ...
        case Refused(reason):      # permanent: Telegram will never take this request
            ...
        case unexpected:           # mypy proves this unreachable
            assert_never(unexpected)

The ladder, top to bottom (``telegram.error`` classes; order matters, since ``BadRequest``
and ``TimedOut`` are ``NetworkError`` subclasses):

=====================================  ======================================================
``RetryAfter`` (429)                   ``Retry`` after Telegram's ``retry_after``
``Forbidden`` (403)                    ``Blocked``
``BadRequest`` (400)                   ``Refused``
``TimedOut``, ``NetworkError`` (5xx)   ``Retry`` after ``backoff(attempts)``
any other ``TelegramError``            ``Refused`` (bad token, conflict, migrated group …)
=====================================  ======================================================

Anything that is not a ``TelegramError`` (a bug, a cancellation) propagates unchanged.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TypeAlias

from telegram import Message
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

MAX_BACKOFF = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class Sent:
    """Telegram took the message."""

    message: Message


@dataclass(frozen=True, slots=True)
class Retry:
    """A transient failure (429, 5xx, time-out, network): try again after ``after``."""

    after: timedelta
    reason: str


@dataclass(frozen=True, slots=True)
class Blocked:
    """403: the user blocked the bot (or deleted their account); do not write to them again."""

    reason: str


@dataclass(frozen=True, slots=True)
class Refused:
    """A permanent failure (400 and the like): retrying would fail the same way."""

    reason: str


Verdict: TypeAlias = Sent | Retry | Blocked | Refused
Failure: TypeAlias = Retry | Blocked | Refused


def backoff(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failure: 2, 4, 8 … seconds, at most 5 min."""
    return min(timedelta(seconds=2 ** (min(attempts, 20) + 1)), MAX_BACKOFF)


def judge(exc: TelegramError, attempts: int = 0) -> Failure:
    """Classify a Telegram error by the ladder; ``attempts`` so far sets the backoff."""
    if isinstance(exc, RetryAfter):
        delay = exc.retry_after
        after = delay if isinstance(delay, timedelta) else timedelta(seconds=delay)
        return Retry(after, f"429 retry after {after}")
    if isinstance(exc, Forbidden):
        return Blocked(str(exc))
    if isinstance(exc, BadRequest):
        return Refused(str(exc))
    if isinstance(exc, NetworkError):  # TimedOut, 5xx, connection errors
        return Retry(backoff(attempts), repr(exc))
    return Refused(repr(exc))


async def attempt(send: Callable[[], Awaitable[Message]], attempts: int = 0) -> Verdict:
    """Call ``send`` once and judge the outcome; ``attempts`` is how often it failed before."""
    try:
        return Sent(await send())
    except TelegramError as exc:
        return judge(exc, attempts)
