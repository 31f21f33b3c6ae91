"""Authority (issue 11): transfers stay inside the actor's scope, settings admins are beyond
chat, and a withdrawn ticket is announced to whoever was handling it."""

from __future__ import annotations

import pytest

from bot.domain import events as ev
from bot.domain import notifications as n
from bot.domain import policy
from bot.domain import tickets as t
from bot.domain.errors import AlreadyOwned, InvalidInput
from bot.domain.policy import Actor, Role
from tests.bot.domain.test_tickets import (
    ADMIN,
    COMMUNITY,
    COMMUNITY_OTHER,
    GLOBAL,
    GRID_A,
    GRID_B,
    GRID_OTHER,
    LI,
    NOW,
    ZHANG,
    new,
    run,
    taken_by,
)

GRID_C = 3  # in COMMUNITY, served by nobody here
WU = Actor(14, 1014, "吴", Role.WORKER, frozenset({GRID_A}))  # serves only grid A


def target(grid: int, community: int, own: int = COMMUNITY) -> t.Target:
    return t.Target(grid, community, frozenset({own}))


def test_a_worker_transfers_to_any_grid_of_their_own_community() -> None:
    events = t.transfer(new(), WU, target(GRID_C, COMMUNITY), "那边的", NOW)
    assert events[1] == ev.Dispatched(1, NOW, GRID_C)


@pytest.mark.parametrize("actor", [LI, WU, ADMIN])
def test_a_typed_grid_of_another_community_is_refused(actor: Actor) -> None:
    with pytest.raises(policy.OutOfScope):
        t.transfer(new(), actor, target(GRID_OTHER, COMMUNITY_OTHER), None, NOW)


def test_a_worker_with_no_known_community_cannot_send_anywhere_unknown() -> None:
    with pytest.raises(policy.OutOfScope):
        t.transfer(new(), LI, t.Target(GRID_B, None, frozenset({COMMUNITY})), None, NOW)


def test_an_admin_transfers_only_into_the_areas_they_oversee() -> None:
    t.transfer(new(), ADMIN, target(GRID_B, COMMUNITY), None, NOW)
    with pytest.raises(policy.OutOfScope):  # same community, but not an area of theirs
        t.transfer(new(), ADMIN, target(GRID_C, COMMUNITY), None, NOW)
    events = t.transfer(new(), GLOBAL, target(GRID_OTHER, COMMUNITY_OTHER, own=0), None, NOW)
    assert events[1] == ev.Dispatched(1, NOW, GRID_OTHER)


def test_transferring_to_the_ticket_s_own_grid_is_refused() -> None:
    """No back door: a "transfer" to the same grid would drop the owner and re-dispatch."""
    with pytest.raises(InvalidInput):
        t.transfer(taken_by(ZHANG), ZHANG, target(GRID_A, COMMUNITY), None, NOW)
    with pytest.raises(AlreadyOwned):
        t.transfer(taken_by(ZHANG), LI, target(GRID_A, COMMUNITY), None, NOW)


def test_a_reopened_ticket_stays_with_its_owner() -> None:
    state = taken_by(ZHANG)
    state = run(state, t.resolve(state, ZHANG, "好了", NOW))
    state = run(state, t.rate(state, state.resident_id, t.NOT_SOLVED, NOW))
    for act in (
        lambda: t.take(state, LI, NOW),
        lambda: t.resolve(state, LI, "我来", NOW),
        lambda: t.transfer(state, LI, target(GRID_B, COMMUNITY), None, NOW),
    ):
        with pytest.raises(AlreadyOwned):
            act()


def test_settings_admins_are_beyond_any_chat_command() -> None:
    with pytest.raises(policy.Pinned):
        policy.require_may_manage_person(GLOBAL, [], False, target_is_pinned=True)
    with pytest.raises(policy.OutOfScope):
        policy.require_may_manage_person(ADMIN, [GRID_A, GRID_OTHER], False, False)
    policy.require_may_manage_person(ADMIN, [GRID_A], False, False)
    policy.require_may_manage_person(GLOBAL, [], True, False)


def test_a_withdrawn_ticket_is_announced_to_its_handlers() -> None:
    [cancelled] = t.cancel(new(), 7, NOW)
    assert n.for_event(cancelled) == [n.Notification(n.Kind.CANCELLED, n.Audience.HANDLERS)]
