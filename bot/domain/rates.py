"""The rates governments judge casework by, each defined once (the README quotes them).

Counts come from the read side (``bot.queries.rates``, in SQL); the formulas are here, pure:

- 响应率 = taken by the respond-by time ÷ tickets due a response (taken, or respond-by past)
- 按期结案率 = resolved by the resolve-by time, without an approved extension
  ÷ (tickets due to be resolved − those with an approved extension)
- 返工率 = tickets reopened or failing 核查 ÷ tickets ever 办结
- 延期率 = tickets with an approved extension ÷ tickets
- 满意率 = (满意 + 基本满意) ÷ real ratings (默认满意 and removed ratings excluded)
- 参评率 = real ratings ÷ tickets whose rating is settled (rated or closed as 默认满意)
- 综合得分 = the weighted mean of 响应率, 按期结案率 and 满意率 (weights 30/35/35 by default)
  over those of the three that can be computed
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_WEIGHTS = (30.0, 35.0, 35.0)
"""响应, 解决 (按期结案), 满意."""


@dataclass(frozen=True)
class RateCounts:
    """The counts behind the rates, for one grid, one worker or a whole scope."""

    tickets: int = 0  # created in the period, neither withdrawn nor merged into another
    respond_due: int = 0  # taken, or past respond-by
    responded_in_time: int = 0  # taken by respond-by
    resolve_due: int = 0  # resolved, or past resolve-by
    extended: int = 0  # of resolve_due: with an approved extension
    resolved_in_time: int = 0  # of resolve_due, not extended: resolved by resolve-by
    handled: int = 0  # ever 办结 (resolved, or submitted for 核查)
    reworked: int = 0  # of handled: reopened or failed 核查 (返工)
    extensions: int = 0  # with an approved extension
    rated: int = 0  # real ratings, not removed on appeal
    satisfied: int = 0  # of rated: 满意 or 基本满意
    closed: int = 0  # rated or closed as 默认满意

    def __add__(self, other: RateCounts) -> RateCounts:
        """Counts of two groups together."""
        return RateCounts(*(a + b for a, b in zip(_values(self), _values(other), strict=True)))


def _values(counts: RateCounts) -> tuple[int, ...]:
    return tuple(getattr(counts, name) for name in RateCounts.__dataclass_fields__)


@dataclass(frozen=True)
class Rates:
    """Every rate as a share from 0 to 1; None where its denominator is zero."""

    response: float | None
    on_time: float | None
    rework: float | None
    extension: float | None
    satisfaction: float | None
    participation: float | None
    composite: float | None


def share(part: int, whole: int) -> float | None:
    """``part / whole``, or None when there is nothing to divide by."""
    return part / whole if whole > 0 else None


def composite(
    response: float | None,
    on_time: float | None,
    satisfaction: float | None,
    weights: tuple[float, float, float] = DEFAULT_WEIGHTS,
) -> float | None:
    """The weighted mean of the three rates that exist (None if none does)."""
    parts = [(r, w) for r, w in zip((response, on_time, satisfaction), weights, strict=True)]
    present = [(r, w) for r, w in parts if r is not None and w > 0]
    total = sum(w for _, w in present)
    return sum(r * w for r, w in present) / total if total > 0 else None


def rates(c: RateCounts, weights: tuple[float, float, float] = DEFAULT_WEIGHTS) -> Rates:
    """Every rate of these counts."""
    response = share(c.responded_in_time, c.respond_due)
    on_time = share(c.resolved_in_time, c.resolve_due - c.extended)
    satisfaction = share(c.satisfied, c.rated)
    return Rates(
        response=response,
        on_time=on_time,
        rework=share(c.reworked, c.handled),
        extension=share(c.extensions, c.tickets),
        satisfaction=satisfaction,
        participation=share(c.rated, c.closed),
        composite=composite(response, on_time, satisfaction, weights),
    )
