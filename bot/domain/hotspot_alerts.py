"""Which hotspots are news for the daily watch — pure, no I/O.

A hotspot is identified by kind + category + place (grid, building). It is news the first
time it is found; a hotspot that grows is news once more, the first time its size reaches
twice the threshold of its kind (households for 多人同诉, reports for 一人多诉 and 同址复发),
and never again after that.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.domain.hotspots import Hotspot, Kind, Thresholds

RECUR_THRESHOLD = 2
"""同址复发 has no setting: two reports at one place are what makes it."""


@dataclass(frozen=True)
class Key:
    """What makes a hotspot the same one from day to day."""

    kind: str
    intent: str
    grid_id: int
    place: str


@dataclass(frozen=True)
class Announced:
    """What was announced of a hotspot: its size then, and whether it was doubled."""

    size: int
    doubled: bool


@dataclass(frozen=True)
class News:
    """A hotspot to announce, and what to remember of it."""

    hotspot: Hotspot
    key: Key
    size: int
    doubled: bool
    grown: bool
    """True when it was announced before and has now reached twice its threshold."""


def key(spot: Hotspot) -> Key:
    """The identity of a hotspot: kind, category, grid (0 for none) and building ("" for none)."""
    return Key(spot.kind.value, spot.intent, spot.grid_id or 0, spot.building or "")


def size(spot: Hotspot) -> int:
    """How big a hotspot is: households for 多人同诉, reports otherwise."""
    return spot.households if spot.kind is Kind.CROWD else len(spot.tickets)


def threshold(kind: Kind, limits: Thresholds) -> int:
    """The size at which a hotspot of this kind is found at all."""
    if kind is Kind.CROWD:
        return limits.households
    return limits.repeats if kind is Kind.REPEAT else RECUR_THRESHOLD


def news(
    found: Iterable[Hotspot], announced: Mapping[Key, Announced], limits: Thresholds
) -> list[News]:
    """The hotspots found that are new, or have newly doubled, in the order found (one per key)."""
    out: list[News] = []
    keys: set[Key] = set()
    for spot in found:
        k, n = key(spot), size(spot)
        if k in keys:  # two residents' 一人多诉 in one building: one hotspot to tell, the first
            continue
        keys.add(k)
        doubled = n >= 2 * threshold(spot.kind, limits)
        before = announced.get(k)
        if before is None:
            out.append(News(spot, k, n, doubled, grown=False))
        elif doubled and not before.doubled:
            out.append(News(spot, k, n, True, grown=True))
    return out
