"""Issue 14's remaining gaps in the domain: a 核查 that waits too long is chased, extensions
count working time in 工作时, and a pause ended by 办结/转派/撤销 moves the limits on."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain import events as ev
from bot.domain import pause
from bot.domain import review as r
from bot.domain import review_events as rv
from bot.domain import tickets as t
from bot.domain.errors import InvalidInput
from bot.domain.workcalendar import WorkCalendar
from tests.bot.domain.test_review import CHECKED
from tests.bot.domain.test_tickets import ADMIN, NOW, RESIDENT, ZHANG, new, run, taken_by

CAL = WorkCalendar(tz=ZoneInfo("Asia/Shanghai"))  # NOW is Wednesday 17:00 in Shanghai
DAY = timedelta(hours=24)
WORKING = r.Counting(True, CAL)


def verifying() -> t.TicketState:
    state = taken_by(ZHANG)
    return run(state, r.resolve(state, ZHANG, "已清理楼道", NOW, CHECKED))


# --- 核查 that waits too long -------------------------------------------------------------------
def test_a_check_is_reminded_after_the_wait_and_escalated_after_twice_that() -> None:
    state = verifying()
    assert r.chase_check(state, NOW, (False, False), NOW + 23 * timedelta(hours=1), DAY) == []
    [reminded] = r.chase_check(state, NOW, (False, False), NOW + DAY, DAY)
    assert reminded == rv.CheckReminded(1, NOW + DAY, 24)
    assert r.chase_check(state, NOW, (True, False), NOW + DAY + timedelta(hours=5), DAY) == []
    [escalated] = r.chase_check(state, NOW, (True, False), NOW + 2 * DAY, DAY)
    assert escalated == rv.CheckEscalated(1, NOW + 2 * DAY, 48)
    assert r.chase_check(state, NOW, (True, True), NOW + 9 * DAY, DAY) == []


def test_a_check_found_late_is_reminded_and_escalated_at_once() -> None:
    events = r.chase_check(verifying(), NOW, (False, False), NOW + 3 * DAY, DAY)
    assert [type(e) for e in events] == [rv.CheckReminded, rv.CheckEscalated]


def test_only_a_ticket_waiting_for_its_check_is_chased() -> None:
    later = NOW + 5 * DAY
    assert r.chase_check(taken_by(ZHANG), NOW, (False, False), later, DAY) == []
    checked = run(verifying(), t.rate(verifying(), RESIDENT, "s", NOW))
    assert r.chase_check(checked, NOW, (False, False), later, DAY) == []
    assert r.chase_check(verifying(), NOW, (False, False), later, timedelta(0)) == []


# --- extensions in 工作时 -----------------------------------------------------------------------
def test_a_day_of_extension_in_working_hours_is_one_working_day() -> None:
    assert CAL.day_hours == 7
    due_by = NOW + timedelta(hours=23)  # Thursday 16:00 in Shanghai
    [asked] = r.request_extension(
        taken_by(ZHANG), ZHANG, 2, "等配件", NOW, due_by, days=True, counting=WORKING
    )
    assert isinstance(asked, rv.ExtensionRequested)
    # 14 working hours: Thu 1.5, Fri 7, Mon 5.5 (08:30–12:00, 14:00–16:00)
    assert asked.hours == 14 and asked.working
    assert asked.until == due_by + timedelta(days=4)  # Monday 16:00


def test_hours_of_extension_in_working_hours_skip_nights() -> None:
    due_by = NOW + timedelta(hours=23)  # Thursday 16:00
    [asked] = r.request_extension(
        taken_by(ZHANG), ZHANG, 3, "等配件", NOW, due_by, counting=WORKING
    )
    assert isinstance(asked, rv.ExtensionRequested)
    assert asked.hours == 3 and asked.until == due_by + timedelta(hours=18)  # Friday 10:00


def test_clock_hours_categories_extend_by_clock_days() -> None:
    due_by = NOW + timedelta(hours=23)
    [asked] = r.request_extension(taken_by(ZHANG), ZHANG, 2, "等配件", NOW, due_by, days=True)
    assert isinstance(asked, rv.ExtensionRequested)
    assert (asked.hours, asked.working, asked.until) == (48, False, due_by + 2 * DAY)
    no_calendar = r.Counting(True, None)  # without a calendar, working hours are clock hours
    assert r.extension_hours(2, True, no_calendar) == (48.0, False)
    with pytest.raises(InvalidInput):
        r.request_extension(taken_by(ZHANG), ZHANG, 31, "等", NOW, due_by, days=True)


# --- a pause ended without the resident's answer ------------------------------------------------
def _waiting(state: t.TicketState) -> t.TicketState:
    return run(state, [ev.WaitingResident(1, NOW, ZHANG.staff_id)])


def test_resolving_while_waiting_moves_the_limits_on_by_the_pause() -> None:
    state = _waiting(taken_by(ZHANG))
    later = NOW + timedelta(hours=30)
    respond_by, due_by = NOW - timedelta(hours=5), NOW + timedelta(hours=10)
    resolved = t.resolve(state, ZHANG, "好了", later)
    events = pause.ended(state, resolved, later, NOW, (respond_by, due_by), False, None)
    ended, *rest = events
    assert rest == resolved
    assert isinstance(ended, ev.PauseEnded) and ended.paused_seconds == 30 * 3600
    assert ended.due_by == due_by + timedelta(hours=30) and ended.respond_by == respond_by
    assert not run(state, events).waiting


def test_a_transfer_before_taking_moves_respond_by_in_working_time() -> None:
    state = _waiting(new())
    later = NOW + timedelta(hours=17)  # Thursday 10:00: 2 working hours paused
    moved = t.transfer(state, ADMIN, t.Target(2, None), "不归我们", later)
    [ended, *_] = pause.ended(state, moved, later, NOW, (NOW, NOW), True, CAL)
    assert isinstance(ended, ev.PauseEnded)
    assert ended.respond_by == ended.due_by == NOW + timedelta(hours=17)  # Thursday 10:00


def test_only_an_ending_action_of_a_waiting_ticket_adds_the_pause() -> None:
    state = _waiting(taken_by(ZHANG))
    note = t.note(state, ZHANG, "备注", NOW)
    assert pause.ended(state, note, NOW, NOW, (NOW, NOW), False, None) == note
    running = taken_by(ZHANG)
    resolved = t.resolve(running, ZHANG, "好了", NOW)
    assert pause.ended(running, resolved, NOW, None, (NOW, NOW), False, None) == resolved
    checked = r.resolve(state, ZHANG, "好了", NOW, CHECKED)
    assert isinstance(
        pause.ended(state, checked, NOW, NOW, (NOW, NOW), False, None)[0], ev.PauseEnded
    )
