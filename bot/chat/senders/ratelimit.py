"""One rate limiter for everything the bot sends: replies, notifications and broadcasts.

Telegram allows about 30 messages a second overall and one a second per chat. PTB's
``AIORateLimiter`` limits the overall rate and groups, not private chats, and treats all
requests alike. ``SharedRateLimiter`` keeps both limits and two priorities:

* **interactive** (the default): replies to residents and staff, outbox notifications;
* **bulk** (``rate_limit_args=BULK``): broadcast copies. They are spaced evenly and, while
  interactive traffic has been seen in the last few seconds, may fill only ``overall -
  reserve`` of the budget, so a resident talking to the bot during a long broadcast always
  finds a free slot at once.

The overall limit holds on the server's side, not just here: a request occupies the budget
from the moment it is let through until ``period`` after the earlier of its answer coming back
and ``jitter`` (20 ms) after it left. Requests arrive at Telegram in a window at most
``jitter`` wider than the one they left in, so as long as the network's latency varies by less
than that, no second on the server sees more than ``overall`` requests; a request still
unanswered after ``jitter`` keeps its slot until it returns. A 429
(``RetryAfter``) halts every request for ``retry_after``, and the request is retried, as
``AIORateLimiter`` does.

``Budget`` is the bookkeeping with the time passed in; the limiter adds waiting (the clock and
the sleeper are injectable, so tests run on virtual time).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

BULK = "bulk"
"""``rate_limit_args`` of low-priority (broadcast) requests."""

Result = bool | dict[str, Any] | list[dict[str, Any]]
MIN_WAIT = 0.001
"""The shortest wait when a request must wait (so float rounding never lets it through)."""
CATCH_UP = 3
"""Bulk slots a late request may make up (the overall limit still bounds any burst)."""


class Budget:
    """The overall and per-chat limits, with time passed in by the caller."""

    def __init__(
        self,
        overall: float = 30,
        period: float = 1.0,
        chat_interval: float = 1.0,
        group_interval: float = 3.0,
        reserve: float = 5,
        interactive_memory: float = 10.0,
        jitter: float = 0.02,
    ) -> None:
        self.overall, self.period, self.reserve = overall, period, reserve
        self.jitter = jitter
        self.chat_interval, self.group_interval = chat_interval, group_interval
        self.interactive_memory = interactive_memory
        self._done: deque[float] = deque()
        self._in_flight = 0
        self._busy: set[str] = set()
        self._chat_done: dict[str, float] = {}
        self._next_bulk = float("-inf")
        self._last_interactive = float("-inf")
        self._paused_until = float("-inf")

    def _interval(self, chat: str) -> float:
        return self.group_interval if chat.startswith(("-", "@")) else self.chat_interval

    def _cap(self, bulk: bool, now: float) -> float:
        recent = now - self._last_interactive < self.interactive_memory
        return self.overall - self.reserve if bulk and recent else self.overall

    def wait(self, chat: str | None, bulk: bool, now: float) -> float:
        """Seconds until this request may go (0: now; never a rounding error's worth)."""
        delay = self._delay(chat, bulk, now)
        return max(delay, MIN_WAIT) if delay > 0 else 0.0

    def _delay(self, chat: str | None, bulk: bool, now: float) -> float:
        if not bulk:
            self._last_interactive = now
        if now < self._paused_until:
            return self._paused_until - now
        if chat is None:
            return 0.0
        if chat in self._busy:
            return self._interval(chat)
        last = self._chat_done.get(chat)
        if last is not None and now < last + self._interval(chat):
            return last + self._interval(chat) - now
        while self._done and self._done[0] <= now - self.period:
            self._done.popleft()
        if len(self._done) + self._in_flight >= self._cap(bulk, now):
            if not self._done:
                return self.period / self.overall
            return max(self._done[0] + self.period - now, MIN_WAIT)
        if bulk and now < self._next_bulk:
            return self._next_bulk - now
        return 0.0

    def start(self, chat: str | None, bulk: bool, now: float) -> None:
        """The request goes now."""
        if chat is None:
            return
        self._in_flight += 1
        self._busy.add(chat)
        if bulk:  # on a fixed grid: a late wake-up (busy event loop) is made up, not lost
            step = self.period / self._cap(True, now)
            late = now - CATCH_UP * step < self._next_bulk < now
            self._next_bulk = (self._next_bulk if late else max(self._next_bulk, now)) + step

    def finish(self, chat: str | None, now: float, started: float | None = None) -> None:
        """The request (let through at ``started``) got its answer, or failed."""
        if chat is None:
            return
        self._in_flight -= 1
        self._busy.discard(chat)
        self._done.append(now if started is None else min(now, started + self.jitter))
        self._chat_done[chat] = now
        if len(self._chat_done) > 2048:
            horizon = now - max(self.chat_interval, self.group_interval)
            self._chat_done = {c: t for c, t in self._chat_done.items() if t > horizon}

    def pause(self, until: float) -> None:
        """Telegram said 429: nothing goes before ``until``."""
        self._paused_until = max(self._paused_until, until)


def chat_key(chat_id: object) -> str | None:
    """The per-chat key of a request's ``chat_id`` (None when it has none)."""
    return None if chat_id is None else str(chat_id)


class SharedRateLimiter(BaseRateLimiter[str]):
    """Overall and per-chat limits shared by interactive and bulk (broadcast) requests."""

    def __init__(
        self,
        budget: Budget | None = None,
        max_retries: int = 3,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self.budget = budget or Budget()
        self._max_retries = max_retries
        self._clock = clock
        self._sleep = sleep

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def _acquire(self, chat: str | None, bulk: bool) -> float:
        while (delay := self.budget.wait(chat, bulk, self._clock())) > 0:
            await self._sleep(delay)
        started = self._clock()
        self.budget.start(chat, bulk, started)
        return started

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: str | None,
    ) -> Result:
        """Wait for a slot, make the request, retry after a 429."""
        chat, bulk = chat_key(data.get("chat_id")), rate_limit_args == BULK
        for attempt in range(self._max_retries + 1):
            started = await self._acquire(chat, bulk)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                delay = exc.retry_after
                seconds = delay.total_seconds() if isinstance(delay, timedelta) else delay
                self.budget.pause(self._clock() + seconds + 0.1)
                log.info("%s hit the flood limit; all requests wait %.1f s", endpoint, seconds)
                if attempt == self._max_retries:
                    raise
            finally:
                self.budget.finish(chat, self._clock(), started)
        raise AssertionError("unreachable")
