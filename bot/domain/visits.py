"""进百家门: households, care groups, visit plans and the door-knock checklist (pure).

A household's next visit falls due ``interval`` days after the last one, the interval being
the shortest of its care groups' (elders living alone daily, key groups monthly …) or the
default for every household (six months). 不在家 moves it to the next day. Today's list is
walked building by building: building, unit, floor, room.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.errors import Forbidden

ALONE = "独居老人"
"""The care group whose overdue visits escalate like overdue tickets."""
ABSENT_RETRY = timedelta(days=1)


class Check(enum.IntEnum):
    """The checklist of one visit; the value is the bit in a mask of problems."""

    GAS = 0
    WIRING = 1
    FIRE_EXIT = 2
    ANTI_FRAUD = 3
    HEALTH = 4
    OTHER = 5


CATEGORY: dict[Check, str] = {
    Check.GAS: "fire_safety",
    Check.WIRING: "fire_safety",
    Check.FIRE_EXIT: "fire_safety",
    Check.ANTI_FRAUD: "anti_fraud",
    Check.HEALTH: "elderly_care",
    Check.OTHER: "other",
}
"""The ticket category a problem found on a visit is opened in."""
ALL_CHECKS = (1 << len(Check)) - 1


class Outcome(enum.StrEnum):
    """What a knock on the door came to."""

    VISITED = "visited"
    ABSENT = "absent"


def problems(mask: int) -> list[Check]:
    """The checks marked 有问题 in ``mask``, in checklist order."""
    return [c for c in Check if mask & (1 << c)]


def toggled(mask: int, check: Check) -> int:
    """The mask with one check switched between OK and 有问题."""
    return (mask ^ (1 << check)) & ALL_CHECKS


def interval(tags: Iterable[str], care_days: Mapping[str, int], every_days: int) -> timedelta:
    """How often a household with these care groups is visited (the most frequent wins)."""
    days = [care_days[t] for t in tags if t in care_days]
    return timedelta(days=min([*days, every_days]))


@dataclass(frozen=True)
class VisitPlan:
    """How often households are visited: days per care group (in display order), and for
    every household."""

    care_days: Mapping[str, int]
    every_days: int

    def every(self, tags: Iterable[str]) -> timedelta:
        """The interval between visits for a household with these care groups."""
        return interval(tags, self.care_days, self.every_days)


def next_due(outcome: Outcome, at: datetime, every: timedelta) -> datetime:
    """When the household is due again after this knock on the door."""
    return at + (ABSENT_RETRY if outcome is Outcome.ABSENT else every)


@dataclass(frozen=True, order=True)
class Place:
    """Where a household is in walking order: building, unit, floor, room (0 when unknown)."""

    building: int
    unit: int
    floor: int
    room: int


_BUILDING = re.compile(r"(\d+)\s*(?:号楼|号|栋|幢|座)")
_UNIT = re.compile(r"(\d+)\s*单元")
_ROOM = re.compile(r"(\d+)\s*(?:室|号房)?\s*$")


def place(address: str) -> Place:
    """The walking-order position of an address such as ``3号楼1单元202``."""
    building, unit = _BUILDING.search(address), _UNIT.search(address)
    tail = address[unit.end() :] if unit else address[building.end() :] if building else address
    room = _ROOM.search(tail.strip())
    number = int(room.group(1)) if room else 0
    return Place(
        int(building.group(1)) if building else 0,
        int(unit.group(1)) if unit else 0,
        number // 100 if number >= 100 else 0,
        number,
    )


def building_label(address: str) -> str:
    """The building part of an address (``3号楼``), or the address itself."""
    found = _BUILDING.search(address)
    return found.group(0).strip() if found else address


class NoConsent(Forbidden):
    """Care groups may be recorded only with the person's consent."""


def require_consent(consented: bool, tags: Iterable[str]) -> None:
    """Refuse care-group tags for a household whose consent is not recorded."""
    if list(tags) and not consented:
        raise NoConsent("care groups need the person's consent")
