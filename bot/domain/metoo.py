"""我也遇到 and 并单 as pure rules: how many households a ticket speaks for, how its
priority rises with them, and which open ticket a new report of a shared kind is offered."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

HIGH_PRIORITY = 2
"""The priority a ticket rises to when enough households share it."""


def households(followers: int) -> int:
    """The households a ticket speaks for: its resident and every follower."""
    return 1 + max(followers, 0)


def raised_priority(priority: int, households: int, threshold: int) -> int:
    """The ticket's priority once ``households`` share it: high from ``threshold`` on
    (never lowered; ``threshold`` ≤ 0 turns the rise off)."""
    if threshold > 0 and households >= threshold:
        return max(priority, HIGH_PRIORITY)
    return priority


@dataclass(frozen=True)
class Candidate:
    """An open ticket of the same category near the reporting resident."""

    ticket_id: int
    resident_id: int
    same_building: bool
    followed_by_reporter: bool
    created_at: datetime


def offer(reporter_id: int, candidates: Iterable[Candidate]) -> Candidate | None:
    """The ticket to offer 我也遇到 on: another resident's, not yet followed by the reporter;
    one in the reporter's building before one elsewhere in the grid, then the newest."""
    eligible = [
        c for c in candidates if c.resident_id != reporter_id and not c.followed_by_reporter
    ]
    if not eligible:
        return None
    return max(eligible, key=lambda c: (c.same_building, c.created_at, c.ticket_id))
