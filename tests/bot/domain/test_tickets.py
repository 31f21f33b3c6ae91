"""The ticket state machine: each transition, its refusals, and properties over random runs."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain import events as ev
from bot.domain import tickets as t
from bot.domain.errors import AlreadyOwned, Forbidden, InvalidInput, NotFound, NotOpen
from bot.domain.policy import Actor, Role

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
GRID_A, GRID_B, GRID_OTHER = 1, 2, 9
ZHANG = Actor(11, 1011, "张", Role.WORKER, frozenset({GRID_A, GRID_B}))
LI = Actor(12, 1012, "李", Role.WORKER, frozenset({GRID_A, GRID_B}))
FAR = Actor(13, 1013, "远", Role.WORKER, frozenset({GRID_OTHER}))
ADMIN = Actor(21, 1021, "管", Role.ADMIN, frozenset({GRID_A, GRID_B}))
GLOBAL = Actor(22, 1022, "", Role.ADMIN, None)
RESIDENT = 7
COMMUNITY, COMMUNITY_OTHER = 100, 900


def to(grid: int) -> t.Target:
    """A transfer target: grids A and B lie in COMMUNITY, the other grid elsewhere."""
    community = COMMUNITY_OTHER if grid == GRID_OTHER else COMMUNITY
    return t.Target(grid, community, frozenset({COMMUNITY}))


def new(grid: int | None = GRID_A) -> t.TicketState:
    """A ticket just born dispatched."""
    return t.TicketState(id=1, resident_id=RESIDENT, status=t.Status.ASSIGNED, grid_id=grid)


def run(state: t.TicketState, events: list[ev.Event]) -> t.TicketState:
    return t.apply(state, events)


def taken_by(actor: Actor) -> t.TicketState:
    state = new()
    return run(state, t.take(state, actor, NOW))


def test_take_makes_the_actor_owner_and_resets_the_reminder_marks() -> None:
    state = t.TicketState(1, RESIDENT, t.Status.ASSIGNED, GRID_A, reminded=True, escalated=True)
    events = t.take(state, ZHANG, NOW)
    assert events == [ev.Taken(1, NOW, ZHANG.staff_id)]
    after = run(state, events)
    assert (after.status, after.owner_id, after.reminded, after.escalated) == (
        t.Status.ACCEPTED, ZHANG.staff_id, False, False,
    )  # fmt: skip


def test_taking_my_own_ticket_again_changes_nothing() -> None:
    assert t.take(taken_by(ZHANG), ZHANG, NOW) == []


@pytest.mark.parametrize("other", [LI, ADMIN, GLOBAL])
def test_a_second_taker_is_refused_with_the_owner(other: Actor) -> None:
    with pytest.raises(AlreadyOwned) as caught:
        t.take(taken_by(ZHANG), other, NOW)
    assert caught.value.owner_id == ZHANG.staff_id


def test_a_ticket_outside_my_grids_does_not_exist_for_me() -> None:
    for act in (
        lambda s: t.take(s, FAR, NOW),
        lambda s: t.reply(s, FAR, "好", NOW),
        lambda s: t.note(s, FAR, "记", NOW),
        lambda s: t.resolve(s, FAR, "办好了", NOW),
        lambda s: t.transfer(s, FAR, to(GRID_OTHER), None, NOW),
    ):
        with pytest.raises(NotFound):
            act(new())


def test_answering_an_unowned_ticket_takes_it_implicitly_and_resets_the_marks() -> None:
    state = t.TicketState(1, RESIDENT, t.Status.ASSIGNED, GRID_A, reminded=True)
    events = t.reply(state, LI, "马上到", NOW)
    assert events == [
        ev.Taken(1, NOW, LI.staff_id, implicit=True),
        ev.Replied(1, NOW, LI.staff_id, "马上到"),
    ]
    after = run(state, events)
    assert after.owner_id == LI.staff_id and not after.reminded


def test_only_the_owner_or_an_admin_over_it_replies_or_resolves() -> None:
    state = taken_by(ZHANG)
    with pytest.raises(AlreadyOwned):
        t.reply(state, LI, "我来", NOW)
    with pytest.raises(AlreadyOwned):
        t.resolve(state, LI, "好了", NOW)
    assert t.resolve(state, ADMIN, "社区已处理", NOW) == [ev.Resolved(1, NOW, 21, "社区已处理")]
    assert t.reply(state, ZHANG, "在路上", NOW) == [ev.Replied(1, NOW, 11, "在路上")]


def test_transfer_is_no_back_door_to_ownership() -> None:
    """首问负责: Li may not move Zhang's ticket to a grid of his own and take it there."""
    state = taken_by(ZHANG)
    with pytest.raises(AlreadyOwned):
        t.transfer(state, LI, to(GRID_B), "我这边近", NOW)
    with pytest.raises(AlreadyOwned):
        t.take(state, LI, NOW)


def test_the_owner_or_an_admin_transfers_and_the_ticket_is_dispatched_there_unowned() -> None:
    for actor in (ZHANG, ADMIN):
        state = taken_by(ZHANG)
        events = t.transfer(state, actor, to(GRID_B), "不归我们", NOW)
        assert [type(e) for e in events] == [ev.Transferred, ev.Dispatched]
        after = run(state, events)
        assert (after.grid_id, after.owner_id, after.status) == (GRID_B, None, t.Status.ASSIGNED)


def test_an_unowned_ticket_may_be_transferred_by_any_worker_who_sees_it() -> None:
    events = t.transfer(new(), LI, to(GRID_B), None, NOW)
    assert events[0] == ev.Transferred(1, NOW, LI.staff_id, GRID_A, GRID_B, None)


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_texts_are_refused(text: str) -> None:
    for act in (t.reply, t.note, t.resolve):
        with pytest.raises(InvalidInput):
            act(new(), ZHANG, text, NOW)


def test_rating_closes_a_resolved_ticket_and_not_solved_reopens_it_to_its_owner() -> None:
    state = taken_by(ZHANG)
    state = run(state, t.resolve(state, ZHANG, "清理了", NOW))
    assert t.rate(state, RESIDENT, "s", NOW) == [ev.Rated(1, NOW, "satisfied")]
    reopened = run(state, t.rate(state, RESIDENT, "u", NOW))
    assert (reopened.status, reopened.owner_id) == (t.Status.ACCEPTED, ZHANG.staff_id)


def test_rating_refusals() -> None:
    state = taken_by(ZHANG)
    with pytest.raises(Forbidden):
        t.rate(state, RESIDENT, "s", NOW)  # not resolved yet
    resolved = run(state, t.resolve(state, ZHANG, "好了", NOW))
    with pytest.raises(NotFound):
        t.rate(resolved, RESIDENT + 1, "s", NOW)  # somebody else's ticket
    with pytest.raises(NotFound):
        t.rate(resolved, RESIDENT, "x", NOW)


def test_cancel_only_an_own_open_ticket() -> None:
    assert t.cancel(new(), RESIDENT, NOW) == [ev.Cancelled(1, NOW)]
    with pytest.raises(NotFound):
        t.cancel(new(), RESIDENT + 1, NOW)
    cancelled = run(new(), t.cancel(new(), RESIDENT, NOW))
    with pytest.raises(NotOpen):
        t.cancel(cancelled, RESIDENT, NOW)


def test_reminders_and_escalations_happen_once_per_deadline() -> None:
    state = new()
    reminded = run(state, t.remind(state, NOW))
    assert t.remind(reminded, NOW) == [] and reminded.reminded
    escalated = run(reminded, t.escalate(reminded, NOW))
    assert t.escalate(escalated, NOW) == []
    retaken = run(escalated, t.take(escalated, ZHANG, NOW))
    assert t.remind(retaken, NOW) and t.escalate(retaken, NOW)  # the resolve deadline's turn


def test_auto_close_only_resolved_tickets_and_marks_the_rating_as_default() -> None:
    assert t.auto_close(new(), NOW) == []
    state = taken_by(ZHANG)
    state = run(state, t.resolve(state, ZHANG, "好了", NOW))
    assert t.auto_close(state, NOW) == [ev.Rated(1, NOW, "satisfied", default=True)]


def test_the_deadline_that_matters_follows_the_status() -> None:
    respond, due = NOW, NOW.replace(hour=18)
    assert t.deadline(t.Status.ASSIGNED, respond, due) == respond
    assert t.deadline(t.Status.ACCEPTED, respond, due) == due
