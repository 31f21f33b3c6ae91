"""我也遇到 and 并单 as pure rules: households, priority, the offer, the merge transition."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain import events as ev
from bot.domain import metoo
from bot.domain import notifications as n
from bot.domain import tickets as t
from bot.domain.errors import AlreadyOwned, InvalidInput, NotFound, NotOpen
from bot.domain.policy import Actor, Role

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
ZHANG = Actor(11, 1011, "张", Role.WORKER, frozenset({1}))
LI = Actor(12, 1012, "李", Role.WORKER, frozenset({1}))
ADMIN = Actor(21, 1021, "管", Role.ADMIN, frozenset({1, 2}))


def state(ticket_id: int, grid: int = 1, **changes: object) -> t.TicketState:
    base = t.TicketState(
        id=ticket_id, resident_id=ticket_id * 10, status=t.Status.ASSIGNED, grid_id=grid
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_households_count_the_resident_and_every_follower() -> None:
    assert [metoo.households(k) for k in (0, 1, 4, -1)] == [1, 2, 5, 1]


@pytest.mark.parametrize(
    ("priority", "households", "threshold", "expected"),
    [(1, 2, 3, 1), (1, 3, 3, 2), (1, 9, 0, 1), (3, 5, 3, 3), (2, 1, 3, 2)],
)
def test_priority_rises_at_the_threshold_and_never_falls(
    priority: int, households: int, threshold: int, expected: int
) -> None:
    assert metoo.raised_priority(priority, households, threshold) == expected


def candidate(
    tid: int, resident: int, building: bool, followed: bool = False, age: int = 0
) -> metoo.Candidate:
    return metoo.Candidate(tid, resident, building, followed, NOW - timedelta(hours=age))


def test_the_offer_prefers_the_building_then_the_newest_and_skips_own_and_followed() -> None:
    me = 5
    grid_new, grid_old, building_old = (
        candidate(3, 1, False, age=1),
        candidate(2, 2, False, age=5),
        candidate(1, 3, True, age=9),
    )
    assert metoo.offer(me, [grid_new, grid_old, building_old]) == building_old
    assert metoo.offer(me, [grid_new, grid_old]) == grid_new
    assert metoo.offer(me, [candidate(4, me, True), candidate(6, 2, True, followed=True)]) is None
    assert metoo.offer(me, []) is None


def test_merge_closes_the_duplicate_as_merged() -> None:
    [merged] = t.merge(state(1), state(2), ZHANG, NOW)
    assert merged == ev.Merged(1, NOW, ZHANG.staff_id, 2)
    after = t.apply(state(1), [merged])
    assert after.status is t.Status.MERGED and not after.is_open


def test_merge_refusals() -> None:
    with pytest.raises(NotFound):
        t.merge(state(1), state(2, grid=2), ZHANG, NOW)  # grid 2 is outside his sight
    with pytest.raises(NotOpen):
        t.merge(state(1, status=t.Status.CLOSED), state(2), ZHANG, NOW)
    with pytest.raises(NotOpen):
        t.merge(state(1), state(2, status=t.Status.MERGED), ZHANG, NOW)
    with pytest.raises(InvalidInput):
        t.merge(state(1), state(1), ZHANG, NOW)
    owned = state(1, status=t.Status.ACCEPTED, owner_id=LI.staff_id)
    with pytest.raises(AlreadyOwned):
        t.merge(owned, state(2), ZHANG, NOW)  # 首问负责
    assert t.merge(owned, state(2, grid=2), ADMIN, NOW)  # an admin over both may


def test_who_is_told_of_metoo_and_merges() -> None:
    merged = [(x.kind, x.audience) for x in n.for_event(ev.Merged(1, NOW, 11, 2))]
    assert merged == [
        (n.Kind.RESIDENT_MERGED, n.Audience.RESIDENT),
        (n.Kind.FOLLOWER_MERGED, n.Audience.FOLLOWERS),
    ]
    [joined] = n.for_event(ev.MeToo(2, NOW, 3, 50))
    assert (joined.kind, joined.audience, joined.params) == (
        n.Kind.METOO,
        n.Audience.HANDLERS,
        {"households": 3},
    )
    resolved = {x.kind for x in n.for_event(ev.Resolved(2, NOW, 11, "好了"))}
    assert resolved == {n.Kind.RESIDENT_RESOLVED, n.Kind.FOLLOWER_RESOLVED}
    assert n.Kind.FOLLOWER_TAKEN not in {
        x.kind for x in n.for_event(ev.Taken(2, NOW, 11, implicit=True))
    }


def test_an_agenda_item_goes_raised_invited_announced_once() -> None:
    from bot.domain import agenda
    from bot.domain.errors import InvalidInput as Empty

    assert agenda.invite(1, agenda.Stage.RAISED, 3) is agenda.Stage.INVITED
    assert agenda.announce(1, agenda.Stage.INVITED, "画线") is agenda.Stage.ANNOUNCED
    with pytest.raises(agenda.WrongStage):
        agenda.invite(1, agenda.Stage.INVITED, 3)
    with pytest.raises(agenda.WrongStage):
        agenda.announce(1, agenda.Stage.RAISED, "画线")
    with pytest.raises(Empty):
        agenda.invite(1, agenda.Stage.RAISED, 0)
    with pytest.raises(Empty):
        agenda.announce(1, agenda.Stage.INVITED, "  ")
    assert agenda.month_of(NOW, UTC) == "2026-12"
