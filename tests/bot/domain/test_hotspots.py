"""Hotspots on hand-built reports: 多人同诉, 一人多诉, 同址复发, each counted by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.domain.hotspots import Hotspot, Kind, Report, Thresholds, find

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
LIMITS = Thresholds(households=3, repeats=3, window=timedelta(days=30))
GRID, OTHER_GRID = 1, 2


def report(
    tid: int,
    resident: int,
    days_ago: float,
    *,
    intent: str = "parking",
    grid: int = GRID,
    building: str | None = "3号楼",
    closed_days_ago: float | None = None,
    reopened: bool = False,
    followers: frozenset[int] = frozenset(),
) -> Report:
    closed = NOW - timedelta(days=closed_days_ago) if closed_days_ago is not None else None
    return Report(
        tid,
        resident,
        intent,
        grid,
        building,
        NOW - timedelta(days=days_ago),
        closed,
        reopened,
        followers,
    )


def kinds(spots: list[Hotspot], kind: Kind) -> list[tuple[str | None, int, tuple[int, ...]]]:
    return [(h.building, h.households, h.tickets) for h in spots if h.kind is kind]


def test_crowd_in_one_building_counts_households_with_followers() -> None:
    reports = [
        report(1, 101, 2, followers=frozenset({102})),  # 101 and a 我也遇到 from 102
        report(2, 103, 5),
        report(3, 101, 6),  # the same household again: still 3 households
        report(4, 104, 40),  # outside the 30-day window
    ]
    assert kinds(find(reports, NOW, LIMITS), Kind.CROWD) == [("3号楼", 3, (1, 2, 3))]


def test_crowd_across_buildings_is_the_grid_and_other_grids_stay_apart() -> None:
    reports = [
        report(1, 101, 1, building="3号楼"),
        report(2, 102, 1, building="8号楼"),
        report(3, 103, 1, building=None),
        report(4, 104, 1, grid=OTHER_GRID),
        report(5, 105, 1, intent="drying"),
    ]
    assert kinds(find(reports, NOW, LIMITS), Kind.CROWD) == [(None, 3, (1, 2, 3))]
    two = Thresholds(households=2, repeats=9, window=timedelta(days=30))
    assert kinds(find(reports[:2], NOW, two), Kind.CROWD) == [(None, 2, (1, 2))]
    too_few = Thresholds(households=4, repeats=9, window=timedelta(days=30))
    assert kinds(find(reports, NOW, too_few), Kind.CROWD) == []


def test_one_resident_reporting_one_matter_again_and_again() -> None:
    reports = [
        report(1, 101, 1),
        report(2, 101, 9),
        report(3, 101, 20, building=None),
        report(4, 101, 35),  # outside the window
        report(5, 101, 2, intent="drying"),  # another matter
        report(6, 102, 1),
        report(7, 102, 3),  # twice only
    ]
    [spot] = [h for h in find(reports, NOW, LIMITS) if h.kind is Kind.REPEAT]
    assert (spot.tickets, spot.households, spot.intent) == ((1, 2, 3), 1, "parking")


def test_recurrence_within_60_days_of_closing_or_a_reopened_ticket() -> None:
    reports = [
        report(1, 101, 80, closed_days_ago=70),  # closed 70 days ago …
        report(2, 102, 20),  # … reported again 50 days later: 同址复发 (1 and 2)
        report(3, 103, 200, building="8号楼", closed_days_ago=190),
        report(4, 104, 10, building="8号楼"),  # 180 days after: not a recurrence
        report(5, 105, 5, building="9号楼", reopened=True),  # 问题没解决
        report(6, 106, 100, building="12号楼", closed_days_ago=95),
        report(7, 107, 40, building="12号楼"),  # 55 days after, but outside the window
    ]
    assert kinds(find(reports, NOW, LIMITS), Kind.RECUR) == [
        ("3号楼", 2, (1, 2)),
        ("9号楼", 1, (5,)),
    ]


def test_nothing_to_find() -> None:
    assert find([], NOW, LIMITS) == []
    assert find([report(1, 101, 1)], NOW, LIMITS) == []
