"""The shared rate limiter on virtual time: per-chat ≤ 1/s, overall ≤ 30/s, bulk paced and
yielding to interactive requests, 429 honoured. No real sleeping, no timing asserts."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Awaitable
from typing import Any

from telegram.error import RetryAfter

from bot.chat.senders.ratelimit import BULK, Budget, SharedRateLimiter


class VirtualTime:
    """A clock and a sleeper: time jumps to the next sleeper once everything else waits."""

    def __init__(self) -> None:
        self.now = 0.0
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._seq = itertools.count()

    def clock(self) -> float:
        return self.now

    async def sleep(self, delay: float) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + delay, next(self._seq), future))
        await future

    async def run(self, *jobs: Awaitable[Any]) -> list[Any]:
        """Run the jobs to completion, advancing virtual time whenever all of them wait."""
        tasks = [asyncio.ensure_future(j) for j in jobs]
        while not all(t.done() for t in tasks):
            for _ in range(3):
                await asyncio.sleep(0)
            if self._sleepers and not all(t.done() for t in tasks):
                when, _, future = heapq.heappop(self._sleepers)
                self.now = max(self.now, when)
                future.set_result(None)
        return [t.result() for t in tasks]


class Recorder:
    """The Bot API as the limiter sees it: records (time, chat) of each request it lets go."""

    def __init__(self, time: VirtualTime, latency: float = 0.05) -> None:
        self.time, self.latency = time, latency
        self.log: list[tuple[float, str, bool]] = []
        self.fail_first: int = 0

    async def call(self, chat: str, bulk: bool) -> bool:
        self.log.append((self.time.now, chat, bulk))
        await self.time.sleep(self.latency)
        if self.fail_first:
            self.fail_first -= 1
            raise RetryAfter(2)
        return True


def limiter(time: VirtualTime, **budget: Any) -> SharedRateLimiter:
    return SharedRateLimiter(Budget(**budget), clock=time.clock, sleep=time.sleep)


async def request(lim: SharedRateLimiter, api: Recorder, chat: int, bulk: bool = False) -> Any:
    return await lim.process_request(
        api.call,
        (str(chat), bulk),
        {},
        "sendMessage",
        {"chat_id": chat, "text": "x"},
        BULK if bulk else None,
    )


def max_in_window(times: list[float], window: float = 1.0) -> int:
    """The most requests any window of ``window`` seconds saw."""
    ordered = sorted(times)
    return max(sum(1 for t in ordered if start - window < t <= start) for start in ordered)


async def test_overall_at_most_30_per_second_and_bulk_evenly_paced() -> None:
    time = VirtualTime()
    lim, api = limiter(time), Recorder(time)
    await time.run(*(request(lim, api, chat, bulk=True) for chat in range(1, 301)))
    times = [t for t, _, _ in api.log]
    assert len(times) == 300 and max_in_window(times) <= 30
    assert 9.5 < time.now < 11.5  # 300 at close to 30/s, not slower
    gaps = [b - a for a, b in itertools.pairwise(sorted(times))]
    assert min(gaps) > 0.02  # spread out, not in bursts of 30


async def test_at_most_one_message_per_second_per_chat() -> None:
    time = VirtualTime()
    lim, api = limiter(time), Recorder(time)
    await time.run(*(request(lim, api, chat) for chat in [7] * 5 + [8] * 3))
    for chat in ("7", "8"):
        times = [t for t, c, _ in api.log if c == chat]
        assert all(b - a >= 1.0 for a, b in itertools.pairwise(times)), times
    assert len(api.log) == 8


async def test_interactive_requests_are_not_starved_by_a_long_broadcast() -> None:
    time = VirtualTime()
    lim, api = limiter(time), Recorder(time)

    async def resident_talks() -> list[float]:
        waits = []
        await time.sleep(3.0)  # the broadcast is in full swing
        for chat in range(9001, 9021):  # 20 replies to 20 residents, 4 a second
            asked = time.now
            await request(lim, api, chat)
            waits.append(time.now - asked)
            await time.sleep(0.25)
        return waits

    bulk = [request(lim, api, chat, bulk=True) for chat in range(1, 301)]
    *_, waits = await time.run(*bulk, resident_talks())
    assert max(waits) < 0.2  # the latency (0.05) plus at most one bulk slot
    times = [t for t, _, _ in api.log]
    assert max_in_window(times) <= 30
    interactive = [t for t, _, bulk_ in api.log if not bulk_]
    bulk_during = [t for t, _, b in api.log if b and interactive[0] + 1 < t < interactive[-1]]
    assert len(bulk_during) / (interactive[-1] - interactive[0] - 1) <= 25.5  # headroom kept


async def test_a_429_pauses_everything_and_the_request_is_retried() -> None:
    time = VirtualTime()
    lim, api = limiter(time), Recorder(time)
    api.fail_first = 1

    async def later() -> Any:
        await time.sleep(0.1)  # after the 429 came back
        return await request(lim, api, 2)

    [first, second] = await time.run(request(lim, api, 1), later())
    assert first is True and second is True
    retried = [t for t, c, _ in api.log if c == "1"]
    assert len(retried) == 2 and retried[1] - retried[0] >= 2.0
    [other] = [t for t, c, _ in api.log if c == "2"]
    assert other >= 2.0


async def test_requests_without_a_chat_are_not_counted() -> None:
    time = VirtualTime()
    lim, api = limiter(time), Recorder(time)

    async def answer_callback() -> Any:
        return await lim.process_request(
            api.call, ("-", False), {}, "answerCallbackQuery", {}, None
        )

    await time.run(*(answer_callback() for _ in range(50)))
    assert len(api.log) == 50 and time.now < 0.1
