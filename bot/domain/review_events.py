"""Events of 核查 (verification before closing), 延期 (extensions) and 申诉 (appeals).

Kept apart from ``bot.domain.events`` (issue 14); the service layer stores each as a history
row of the kind named in its docstring (``bot.services.lifecycle``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.events import Event

RESIDENT = "resident"
STAFF = "staff"


@dataclass(frozen=True)
class EvidenceWanted(Event):
    """``evidence_wanted``: 办结 without a photo; the text waits for the worker's photo."""

    staff_id: int
    text: str


@dataclass(frozen=True)
class EvidenceAdded(Event):
    """``evidence``: a worker's photo attached to the ticket as evidence of the work."""

    staff_id: int


@dataclass(frozen=True)
class VerifyRequested(Event):
    """``verify_requested``: 办结 submitted; waiting for a check by someone else."""

    staff_id: int
    text: str


@dataclass(frozen=True)
class Verified(Event):
    """``verified``: the check passed (``by`` the resident or a staff member)."""

    by: str
    staff_id: int | None = None


@dataclass(frozen=True)
class VerifyFailed(Event):
    """``verify_failed``: the check failed; 返工 to the owner, with the reason."""

    by: str
    staff_id: int | None = None
    reason: str | None = None


@dataclass(frozen=True)
class ExtensionRequested(Event):
    """``extension_requested``: the owner asks for ``hours`` more, until ``until``."""

    staff_id: int
    hours: int
    until: datetime
    reason: str
    working: bool = False
    """``hours`` are working hours of the calendar (the category counts 工作时)."""


@dataclass(frozen=True)
class ExtensionApproved(Event):
    """``extension_approved``: an admin agreed; the resolve-by time moves to ``until``."""

    staff_id: int
    hours: int
    until: datetime


@dataclass(frozen=True)
class ExtensionRefused(Event):
    """``extension_refused``: an admin said no; the deadline stays."""

    staff_id: int


@dataclass(frozen=True)
class RatingAppealed(Event):
    """``rating_appealed``: the owner appeals a 不满意 rating (once), with a reason."""

    staff_id: int
    reason: str


@dataclass(frozen=True)
class RatingUpheld(Event):
    """``rating_upheld``: an admin kept the rating."""

    staff_id: int


@dataclass(frozen=True)
class RatingRemoved(Event):
    """``rating_removed``: an admin removed the rating (no longer in 满意率)."""

    staff_id: int


@dataclass(frozen=True)
class CheckReminded(Event):
    """``verify_reminded``: a 核查 waited ``hours``; the checkers were reminded (once)."""

    hours: int


@dataclass(frozen=True)
class CheckEscalated(Event):
    """``verify_escalated``: a 核查 waited ``hours`` (twice the setting): 督办 to the admins."""

    hours: int
