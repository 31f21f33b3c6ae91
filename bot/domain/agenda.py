"""每月一题: a hotspot raised as the month's agenda item, tracked raised → invited → announced.

Pure: the stages and their one-way transitions; who may act is ``policy.require_may_run_agenda``.
"""

from __future__ import annotations

import enum
from datetime import datetime, tzinfo

from bot.domain.errors import Forbidden, InvalidInput


class Stage(enum.StrEnum):
    """Where an agenda item stands."""

    RAISED = "raised"
    INVITED = "invited"
    ANNOUNCED = "announced"


class WrongStage(Forbidden):
    """The item is not at the stage this step needs (``stage``: where it is)."""

    def __init__(self, item_id: int, stage: str) -> None:
        super().__init__(f"agenda item {item_id} is {stage}")
        self.item_id, self.stage = item_id, stage


def invite(item_id: int, stage: Stage, residents: int) -> Stage:
    """Invite the affected residents: once, from ``raised``, and only if there is anyone."""
    if stage is not Stage.RAISED:
        raise WrongStage(item_id, stage.value)
    if residents < 1:
        raise InvalidInput("nobody to invite")
    return Stage.INVITED


def announce(item_id: int, stage: Stage, outcome: str) -> Stage:
    """Announce the outcome to the invited residents: once, after inviting them."""
    if stage is not Stage.INVITED:
        raise WrongStage(item_id, stage.value)
    if not outcome.strip():
        raise InvalidInput("empty outcome")
    return Stage.ANNOUNCED


def month_of(now: datetime, tz: tzinfo) -> str:
    """The agenda month of an instant, in the community's time zone (``2026-12``)."""
    return now.astimezone(tz).strftime("%Y-%m")
