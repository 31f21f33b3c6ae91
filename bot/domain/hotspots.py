"""Hotspots (热点), found from the tickets alone — pure, no I/O.

- 多人同诉 (``crowd``): at least N distinct households (a ticket's resident and its 我也遇到
  followers) reported the same category in the same building — or, across buildings, in the
  same grid — within the window.
- 一人多诉 (``repeat``): one resident reported the same category at least M times within the window.
- 同址复发 (``recur``): the same category at the same place (building, else grid) was reported
  again within 60 days after a ticket there was closed, or a ticket was reopened (问题没解决);
  counted for reports within the window.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

RECUR_WITHIN = timedelta(days=60)


class Kind(enum.StrEnum):
    """The three watches."""

    CROWD = "crowd"
    REPEAT = "repeat"
    RECUR = "recur"


@dataclass(frozen=True)
class Report:
    """One ticket as the finder sees it."""

    ticket_id: int
    resident_id: int
    intent: str
    grid_id: int | None
    building: str | None
    created_at: datetime
    closed_at: datetime | None = None
    """When it was resolved or closed (None while open or when withdrawn)."""
    reopened: bool = False
    followers: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Hotspot:
    """A watch that fired: where, what, how many households and which tickets."""

    kind: Kind
    intent: str
    grid_id: int | None
    building: str | None
    households: int
    tickets: tuple[int, ...]


@dataclass(frozen=True)
class Thresholds:
    """N households for 多人同诉, M reports for 一人多诉, the window of both."""

    households: int = 3
    repeats: int = 3
    window: timedelta = timedelta(days=30)


def find(reports: Iterable[Report], now: datetime, limits: Thresholds) -> list[Hotspot]:
    """Every hotspot, biggest first within each kind (crowd, repeat, recur)."""
    every = sorted(reports, key=lambda r: (r.created_at, r.ticket_id))
    recent = [r for r in every if r.created_at >= now - limits.window]
    return [
        *_crowds(recent, limits.households),
        *_repeats(recent, limits.repeats),
        *_recurs(every, recent),
    ]


def _households(group: list[Report]) -> int:
    return len({r.resident_id for r in group} | {f for r in group for f in r.followers})


def _spot(kind: Kind, group: list[Report], building: str | None, n: int) -> Hotspot:
    first = group[0]
    ids = tuple(sorted(r.ticket_id for r in group))
    return Hotspot(kind, first.intent, first.grid_id, building, n, ids)


def _ranked(spots: list[Hotspot]) -> list[Hotspot]:
    return sorted(spots, key=lambda h: (-h.households, -len(h.tickets), h.tickets))


def _crowds(recent: list[Report], minimum: int) -> list[Hotspot]:
    """Buildings first; a grid only when its households exceed every building's inside it."""
    by_building: dict[tuple[str, int | None, str], list[Report]] = defaultdict(list)
    by_grid: dict[tuple[str, int | None], list[Report]] = defaultdict(list)
    for r in recent:
        by_grid[(r.intent, r.grid_id)].append(r)
        if r.building:
            by_building[(r.intent, r.grid_id, r.building)].append(r)
    spots = []
    biggest: dict[tuple[str, int | None], int] = defaultdict(int)
    for (intent, grid, building), group in by_building.items():
        n = _households(group)
        if n >= minimum:
            spots.append(_spot(Kind.CROWD, group, building, n))
            biggest[(intent, grid)] = max(biggest[(intent, grid)], n)
    for key, group in by_grid.items():
        n = _households(group)
        if n >= minimum and n > biggest[key]:
            spots.append(_spot(Kind.CROWD, group, None, n))
    return _ranked(spots)


def _repeats(recent: list[Report], minimum: int) -> list[Hotspot]:
    by_person: dict[tuple[int, str], list[Report]] = defaultdict(list)
    for r in recent:
        by_person[(r.resident_id, r.intent)].append(r)
    spots = [
        _spot(Kind.REPEAT, group, group[-1].building, 1)
        for group in by_person.values()
        if len(group) >= minimum
    ]
    return sorted(spots, key=lambda h: (-len(h.tickets), h.tickets))


def _recurs(every: list[Report], recent: list[Report]) -> list[Hotspot]:
    by_place: dict[tuple[str, int | None, str | None], list[Report]] = defaultdict(list)
    for r in every:
        by_place[(r.intent, r.grid_id, r.building)].append(r)
    spots, fresh = [], {r.ticket_id for r in recent}
    for (_, _, building), group in by_place.items():
        hits = {r.ticket_id for r in group if r.reopened and r.ticket_id in fresh}
        for later in (r for r in group if r.ticket_id in fresh):
            for earlier in group:
                closed = earlier.closed_at
                if earlier is not later and closed is not None and _within(closed, later):
                    hits |= {earlier.ticket_id, later.ticket_id}
        if hits:
            chosen = [r for r in group if r.ticket_id in hits]
            spots.append(_spot(Kind.RECUR, chosen, building, _households(chosen)))
    return _ranked(spots)


def _within(closed: datetime, later: Report) -> bool:
    return closed <= later.created_at <= closed + RECUR_WITHIN
