"""Roles and scopes: who may act on which ticket and grid, and whom they may grant or revoke.

The one place authority is decided. An ``Actor`` is a staff member with the grids they may
act on (``None``: everywhere — only an admin named in ``GRIDBOT_ADMIN_IDS``; global rights are
never stored).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from bot.domain.errors import AlreadyOwned, Forbidden, NotFound, OwnWork


class OutOfScope(Forbidden):
    """The target (a grid to transfer to, a person to grant or revoke) lies outside the scope."""


class Pinned(OutOfScope):
    """An admin named in the settings (``GRIDBOT_ADMIN_IDS``): beyond any chat command."""


class Role(enum.StrEnum):
    """网格员 (worker) or 管理员 (admin); admins may do everything workers do."""

    WORKER = "worker"
    ADMIN = "admin"


@dataclass(frozen=True)
class Actor:
    """A staff member acting, with the grids they may act on (``None`` = all)."""

    staff_id: int
    telegram_id: int
    name: str
    role: Role
    grids: frozenset[int] | None

    @property
    def is_admin(self) -> bool:
        """Whether this actor is an admin (of some areas or everywhere)."""
        return self.role is Role.ADMIN

    @property
    def label(self) -> str:
        """The name to show (the Telegram id when no name was given)."""
        return self.name or str(self.telegram_id)

    def covers(self, grid_id: int | None) -> bool:
        """Whether this actor may act on a ticket of this grid."""
        return self.grids is None or (grid_id is not None and grid_id in self.grids)

    def covers_all(self, grid_ids: Iterable[int]) -> bool:
        """Whether every one of these grids lies inside this actor's scope."""
        return self.grids is None or all(g in self.grids for g in grid_ids)


def require_sight(actor: Actor, grid_id: int | None) -> None:
    """A ticket outside the actor's grids does not exist for them."""
    if not actor.covers(grid_id):
        raise NotFound("ticket")


def may_override_owner(actor: Actor, grid_id: int | None) -> bool:
    """An admin over the ticket's area may act on a ticket someone else owns."""
    return actor.is_admin and actor.covers(grid_id)


def require_owner_or_admin(
    actor: Actor, ticket_id: int, owner_id: int | None, grid_id: int | None
) -> None:
    """首问负责: an owned ticket is acted on by its owner or an admin over its area."""
    if owner_id is None or owner_id == actor.staff_id:
        return
    if not may_override_owner(actor, grid_id):
        raise AlreadyOwned(ticket_id, owner_id)


def require_may_manage(actor: Actor, target_grids: Iterable[int], target_is_global: bool) -> None:
    """/grant and /revoke: only admins, only over people wholly inside their scope."""
    if not actor.is_admin:
        raise Forbidden("not an admin")
    if target_is_global and actor.grids is not None:
        raise OutOfScope("only a global admin may change a global admin")
    if not actor.covers_all(target_grids):
        raise OutOfScope("outside your areas")


def require_may_transfer_to(
    actor: Actor, to_grid: int, to_community: int | None, own_communities: Iterable[int]
) -> None:
    """转派 goes only inside the actor's scope: a worker's own communities, an admin's areas."""
    if actor.is_admin:
        if not actor.covers(to_grid):
            raise OutOfScope("target grid outside your areas")
        return
    if actor.grids is None:
        return
    if to_community is None or to_community not in set(own_communities):
        raise OutOfScope("target grid outside your community")


def require_may_manage_person(
    actor: Actor, target_grids: Iterable[int], target_is_global: bool, target_is_pinned: bool
) -> None:
    """/grant and /revoke of someone: never a settings admin; otherwise ``require_may_manage``."""
    if target_is_pinned:
        raise Pinned("named in GRIDBOT_ADMIN_IDS: beyond any chat command")
    require_may_manage(actor, target_grids, target_is_global)


# --- issue 14: 核查 by someone other than the doer; extensions and appeals ------------------
def require_not_doer(actor: Actor, doer_id: int | None) -> None:
    """核查 and every decision on someone's work is made by someone else."""
    if doer_id is not None and doer_id == actor.staff_id:
        raise OwnWork("the doer may not check or judge their own work")


def require_may_check(actor: Actor, grid_id: int | None, doer_id: int | None) -> None:
    """核查: another worker of the grid, or an admin over it, never the doer."""
    require_sight(actor, grid_id)
    require_not_doer(actor, doer_id)


def require_owner(actor: Actor, ticket_id: int, owner_id: int | None) -> None:
    """Only the ticket's owner asks for an extension or appeals a rating."""
    if owner_id is None:
        raise Forbidden("nobody owns the ticket")
    if owner_id != actor.staff_id:
        raise AlreadyOwned(ticket_id, owner_id)


def require_admin_over(actor: Actor, grid_id: int | None, doer_id: int | None) -> None:
    """Extensions and appeals are decided by an admin over the grid, not the one asking."""
    require_sight(actor, grid_id)
    if not actor.is_admin:
        raise Forbidden("not an admin")
    require_not_doer(actor, doer_id)


def require_may_merge(actor: Actor, grid_id: int | None, into_grid_id: int | None) -> None:
    """并单 needs sight of both tickets: a ticket outside the actor's grids does not exist."""
    require_sight(actor, grid_id)
    require_sight(actor, into_grid_id)


def require_may_run_agenda(actor: Actor, grid_id: int | None) -> None:
    """每月一题 is an admin's, over an area they oversee (a grid outside it does not exist)."""
    if not actor.is_admin:
        raise Forbidden("not an admin")
    require_sight(actor, grid_id)


def require_household_sight(actor: Actor, grid_id: int | None) -> None:
    """进百家门: a household (its people, care groups, visits, wishes) outside the actor's
    grids does not exist for them: workers of that grid and admins above it only."""
    if not actor.covers(grid_id):
        raise NotFound("household")


@dataclass(frozen=True)
class Integration:
    """An open-API key acting for an integration: it sees and files requests of its grids only."""

    key_id: int
    name: str
    grids: frozenset[int]

    def covers(self, grid_id: int | None) -> bool:
        """Whether a request of this grid lies inside the key's areas."""
        return grid_id is not None and grid_id in self.grids


def require_integration_sight(integration: Integration, grid_id: int | None) -> None:
    """A request outside the key's areas does not exist for it."""
    if not integration.covers(grid_id):
        raise NotFound("ticket")


def require_integration_may_file(integration: Integration, grid_id: int) -> None:
    """An integration files requests only in a grid of its own areas; others do not exist."""
    if not integration.covers(grid_id):
        raise NotFound("grid")
