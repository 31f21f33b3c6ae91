"""A phrase found in a clause (shared by the exact and the fuzzy phrase index)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Hit:
    """A phrase found in a clause, spanning units start..end."""

    intent: int
    start: int
    end: int
    weight: float
    emergency: bool = False
    exact: bool = True
