"""The role and scope policy: sight, 首问负责 overrides, who may grant or revoke whom."""

from __future__ import annotations

import pytest

from bot.domain import policy
from bot.domain.errors import AlreadyOwned, Forbidden, NotFound
from tests.bot.domain.test_tickets import ADMIN, FAR, GLOBAL, GRID_A, GRID_OTHER, LI, ZHANG


def test_sight_follows_the_grids() -> None:
    policy.require_sight(ZHANG, GRID_A)
    policy.require_sight(GLOBAL, GRID_OTHER)
    with pytest.raises(NotFound):
        policy.require_sight(FAR, GRID_A)
    with pytest.raises(NotFound):
        policy.require_sight(ZHANG, None)  # a ticket without a grid: admins only
    policy.require_sight(GLOBAL, None)


def test_owner_or_admin_over_the_area() -> None:
    policy.require_owner_or_admin(ZHANG, 1, ZHANG.staff_id, GRID_A)
    policy.require_owner_or_admin(LI, 1, None, GRID_A)  # nobody owns it yet
    policy.require_owner_or_admin(ADMIN, 1, ZHANG.staff_id, GRID_A)
    with pytest.raises(AlreadyOwned):
        policy.require_owner_or_admin(LI, 1, ZHANG.staff_id, GRID_A)
    with pytest.raises(AlreadyOwned):
        policy.require_owner_or_admin(ADMIN, 1, ZHANG.staff_id, GRID_OTHER)  # not over it


def test_managing_people_stays_inside_the_scope() -> None:
    policy.require_may_manage(ADMIN, [GRID_A], target_is_global=False)
    policy.require_may_manage(GLOBAL, [GRID_OTHER], target_is_global=True)
    with pytest.raises(Forbidden):
        policy.require_may_manage(ZHANG, [GRID_A], target_is_global=False)  # a worker
    with pytest.raises(Forbidden):
        policy.require_may_manage(ADMIN, [GRID_A, GRID_OTHER], target_is_global=False)
    with pytest.raises(Forbidden):
        policy.require_may_manage(ADMIN, [], target_is_global=True)  # a global admin
