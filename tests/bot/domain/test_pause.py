"""待居民补充 in the domain: asking pauses the clock, the resident's answer moves the limits on."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain import events as ev
from bot.domain import pause
from bot.domain import tickets as t
from bot.domain.errors import AlreadyOwned, NotFound, NotOpen
from bot.domain.workcalendar import WorkCalendar
from tests.bot.domain.test_tickets import ADMIN, FAR, LI, NOW, ZHANG, new, run, taken_by

CAL = WorkCalendar(tz=ZoneInfo("Asia/Shanghai"))  # NOW is Wednesday 17:00 in Shanghai


def test_ask_is_a_reply_that_pauses_the_clock() -> None:
    state = taken_by(ZHANG)
    events = pause.ask(state, ZHANG, "请问是几号楼？", NOW)
    assert [type(e) for e in events] == [ev.Replied, ev.WaitingResident]
    assert run(state, events).waiting


def test_asking_an_unowned_ticket_takes_it_first() -> None:
    events = pause.ask(new(), LI, "请问是几号楼？", NOW)
    assert [type(e) for e in events] == [ev.Taken, ev.Replied, ev.WaitingResident]


def test_asking_again_while_waiting_is_only_a_reply() -> None:
    state = run(taken_by(ZHANG), [ev.WaitingResident(1, NOW, ZHANG.staff_id)])
    assert [type(e) for e in pause.ask(state, ZHANG, "还有照片吗？", NOW)] == [ev.Replied]


def test_only_the_owner_or_an_admin_marks_the_ticket_waiting() -> None:
    state = taken_by(ZHANG)
    with pytest.raises(AlreadyOwned):
        pause.mark_waiting(state, LI, NOW)
    with pytest.raises(NotFound):
        pause.mark_waiting(state, FAR, NOW)
    assert [type(e) for e in pause.mark_waiting(state, ADMIN, NOW)] == [ev.WaitingResident]
    waiting = run(state, pause.mark_waiting(state, ZHANG, NOW))
    assert pause.mark_waiting(waiting, ZHANG, NOW) == []
    resolved = run(state, t.resolve(state, ZHANG, "好了", NOW))
    with pytest.raises(NotOpen):
        pause.mark_waiting(resolved, ZHANG, NOW)


def test_the_answer_moves_resolve_by_on_by_the_clock_time_paused() -> None:
    state = run(taken_by(ZHANG), [ev.WaitingResident(1, NOW, ZHANG.staff_id)])
    respond_by, due_by = NOW - timedelta(hours=5), NOW + timedelta(hours=10)
    later = NOW + timedelta(hours=30)
    [answered] = pause.answered(state, later, NOW, (respond_by, due_by), False, CAL)
    assert isinstance(answered, ev.ResidentAnswered)
    assert answered.paused_seconds == 30 * 3600
    assert answered.due_by == due_by + timedelta(hours=30)
    assert answered.respond_by == respond_by  # taken already: respond-by is history
    assert not run(state, [answered]).waiting


def test_the_answer_moves_a_working_hours_limit_by_the_working_time_paused() -> None:
    state = run(taken_by(ZHANG), [ev.WaitingResident(1, NOW, ZHANG.staff_id)])
    # paused Wednesday 17:00 → Thursday 10:00 (Shanghai): 0.5 + 1.5 = 2 working hours
    later = NOW + timedelta(hours=17)
    due_by = NOW + timedelta(hours=16, minutes=30)  # Thursday 09:30
    [answered] = pause.answered(state, later, NOW, (None, due_by), True, CAL)
    assert isinstance(answered, ev.ResidentAnswered)
    assert answered.paused_seconds == 17 * 3600
    assert answered.due_by == due_by + timedelta(hours=2)  # Thursday 11:30


def test_before_taking_respond_by_moves_too() -> None:
    state = run(new(), [ev.WaitingResident(1, NOW, ZHANG.staff_id)])
    later = NOW + timedelta(hours=2)
    [answered] = pause.answered(state, later, NOW, (NOW, NOW), False, None)
    assert isinstance(answered, ev.ResidentAnswered)
    assert answered.respond_by == answered.due_by == later


def test_no_pause_no_event() -> None:
    assert pause.answered(taken_by(ZHANG), NOW, NOW, (None, None), False, CAL) == []
    state = run(taken_by(ZHANG), [ev.WaitingResident(1, NOW, ZHANG.staff_id)])
    assert pause.answered(state, NOW, None, (None, None), False, CAL) == []
