"""The rates' formulas on hand-computed counts (each defined once in bot.domain.rates)."""

from __future__ import annotations

import pytest

from bot.domain.rates import RateCounts, composite, rates, share

# A Fuzhou-like quarter, scaled: 2,000 cases, 1,990 due a response of which 1,970 in time;
# 1,950 due to be resolved, 2 of them extended, 1,940 resolved in time (of the other 1,948);
# 1,960 handled, 4 of them reworked; 500 real ratings, 470 satisfied; 800 settled.
QUARTER = RateCounts(
    tickets=2000,
    respond_due=1990,
    responded_in_time=1970,
    resolve_due=1950,
    extended=2,
    resolved_in_time=1940,
    handled=1960,
    reworked=4,
    extensions=3,
    rated=500,
    satisfied=470,
    closed=800,
)


def test_each_rate_is_its_formula() -> None:
    r = rates(QUARTER)
    assert r.response == pytest.approx(1970 / 1990)  # 98.99 %
    assert r.on_time == pytest.approx(1940 / (1950 - 2))  # extensions leave the denominator
    assert r.rework == pytest.approx(4 / 1960)
    assert r.extension == pytest.approx(3 / 2000)
    assert r.satisfaction == pytest.approx(470 / 500)
    assert r.participation == pytest.approx(500 / 800)


def test_the_composite_weighs_response_30_resolution_35_satisfaction_35() -> None:
    r = rates(QUARTER)
    expected = (0.3 * 1970 / 1990) + (0.35 * 1940 / 1948) + (0.35 * 470 / 500)
    assert r.composite == pytest.approx(expected)
    assert composite(1.0, 0.5, 0.0) == pytest.approx(0.30 + 0.175)
    assert composite(1.0, 0.5, 0.0, (1, 1, 2)) == pytest.approx(1.5 / 4)


def test_a_missing_rate_leaves_the_composite_and_the_others_renormalise() -> None:
    # no ratings yet: (30 × 0.9 + 35 × 0.6) / 65
    assert composite(0.9, 0.6, None) == pytest.approx((27 + 21) / 65)
    assert composite(None, None, None) is None
    assert composite(0.9, None, None, (0, 35, 35)) is None  # its only rate weighs nothing


def test_nothing_to_divide_is_none_not_zero() -> None:
    empty = rates(RateCounts())
    assert empty == rates(RateCounts(), (1, 1, 1))
    assert (empty.response, empty.on_time, empty.rework, empty.satisfaction) == (None,) * 4
    assert (empty.extension, empty.participation, empty.composite) == (None,) * 3
    assert share(0, 5) == 0.0 and share(3, 0) is None
    # every ticket due was extended: 按期结案率 has nothing left to count
    assert rates(RateCounts(resolve_due=2, extended=2)).on_time is None


def test_counts_add_up_per_field() -> None:
    one = RateCounts(tickets=1, respond_due=1, responded_in_time=1, rated=1, satisfied=1)
    two = RateCounts(tickets=2, respond_due=2, reworked=1, handled=2, closed=3)
    both = one + two
    assert both.tickets == 3 and both.respond_due == 3 and both.responded_in_time == 1
    assert both.handled == 2 and both.reworked == 1 and both.closed == 3 and both.rated == 1
