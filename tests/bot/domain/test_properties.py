"""Properties of the ticket state machine over random sequences of attempted transitions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain import events as ev
from bot.domain import tickets as t
from bot.domain.errors import GridbotError
from tests.bot.domain.test_tickets import ADMIN, FAR, GRID_A, GRID_B, LI, RESIDENT, ZHANG, new, to

NOW = datetime(2026, 12, 2, tzinfo=UTC)
ACTORS = (ZHANG, LI, ADMIN, FAR)
Step = Callable[[t.TicketState], list[ev.Event]]


def _steps() -> st.SearchStrategy[tuple[str, Step]]:
    actor = st.sampled_from(ACTORS)
    grid = st.sampled_from((GRID_A, GRID_B))
    return st.one_of(
        actor.map(lambda a: (f"take {a.name}", lambda s: t.take(s, a, NOW))),
        actor.map(lambda a: (f"reply {a.name}", lambda s: t.reply(s, a, "好", NOW))),
        actor.map(lambda a: (f"note {a.name}", lambda s: t.note(s, a, "记", NOW))),
        actor.map(lambda a: (f"resolve {a.name}", lambda s: t.resolve(s, a, "完", NOW))),
        st.tuples(actor, grid).map(
            lambda p: (f"transfer {p[0].name}", lambda s: t.transfer(s, p[0], to(p[1]), None, NOW))
        ),
        st.sampled_from("sbdu").map(lambda c: (f"rate {c}", lambda s: t.rate(s, RESIDENT, c, NOW))),
        st.just(("cancel", lambda s: t.cancel(s, RESIDENT, NOW))),
        st.just(("remind", lambda s: t.remind(s, NOW))),
        st.just(("escalate", lambda s: t.escalate(s, NOW))),
        st.just(("auto_close", lambda s: t.auto_close(s, NOW))),
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(_steps(), max_size=25))
def test_invariants_hold_over_any_sequence(steps: list[tuple[str, Step]]) -> None:
    state = new()
    for _, step in steps:
        before = state
        try:
            events = step(state)
        except GridbotError:
            continue  # a refusal changes nothing
        state = t.apply(state, events)
        # a closed or cancelled ticket never changes
        if before.status in t.FINAL:
            assert state == before
        # one owner at most, and only a Taken event gives a ticket a new one
        if state.owner_id is not None and state.owner_id != before.owner_id:
            assert any(isinstance(e, ev.Taken) for e in events)
            if before.owner_id is not None and before.status is t.Status.ACCEPTED:
                raise AssertionError("an owned ticket changed hands without a transfer")
        # an accepted ticket always has an owner; an unaccepted open one never does
        if state.status is t.Status.ACCEPTED:
            assert state.owner_id is not None
        if state.status is t.Status.ASSIGNED:
            assert state.owner_id is None
        # nobody outside the grids ever becomes the owner
        assert state.owner_id != FAR.staff_id
