"""The per-key token bucket, on a clock the test moves."""

from __future__ import annotations

from bot.serve.api.limits import RateLimiter, retry_after


class Ticking:
    """A monotonic clock moved by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_then_the_average_rate() -> None:
    clock = Ticking()
    limiter = RateLimiter(per_minute=60, burst=3, clock=clock)
    assert [limiter.take(1) for _ in range(3)] == [0.0, 0.0, 0.0]
    wait = limiter.take(1)
    assert 0.99 <= wait <= 1.0
    assert limiter.take(2) == 0.0  # keys have buckets of their own
    clock.now += 1.0
    assert limiter.take(1) == 0.0
    assert limiter.take(1) > 0
    clock.now += 3600  # a long pause refills to the burst, not beyond
    assert [limiter.take(1) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.take(1) > 0


def test_retry_after_is_whole_seconds_at_least_one() -> None:
    assert retry_after(0.01) == "1"
    assert retry_after(1.0) == "1"
    assert retry_after(59.2) == "60"
