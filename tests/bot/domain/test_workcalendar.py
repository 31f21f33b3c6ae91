"""工作时: the working-hour calendar, hand-computed (Asia/Shanghai, 08:30–12:00 and 14:00–17:30)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.config import Settings
from bot.domain.workcalendar import WorkCalendar, due, parse_periods, paused_time, shift
from bot.services.calendar_file import CalendarFileError, calendar_from, load_days

SH = ZoneInfo("Asia/Shanghai")
ROOT = Path(__file__).resolve().parents[3]
CAL = WorkCalendar(
    tz=SH,
    holidays=frozenset({date(2026, 10, d) for d in range(1, 8)}),
    workdays=frozenset({date(2026, 10, 10)}),  # a Saturday worked (调休)
)


def local(y: int, mo: int, d: int, h: int, mi: int = 0) -> datetime:
    """A Shanghai wall-clock time."""
    return datetime(y, mo, d, h, mi, tzinfo=SH)


def test_hours_inside_one_morning() -> None:
    # Wednesday 2026-12-02 09:00 + 2 h = 11:00
    assert CAL.add(local(2026, 12, 2, 9), 2) == local(2026, 12, 2, 11)


def test_the_lunch_break_is_skipped() -> None:
    # 11:00 + 2 h: 1 h until 12:00, then 1 h from 14:00 → 15:00
    assert CAL.add(local(2026, 12, 2, 11), 2) == local(2026, 12, 2, 15)


def test_the_night_is_skipped() -> None:
    # 16:30 + 3 h: 1 h until 17:30, then 08:30 + 2 h → Thursday 10:30
    assert CAL.add(local(2026, 12, 2, 16, 30), 3) == local(2026, 12, 3, 10, 30)


def test_the_weekend_is_skipped() -> None:
    # Friday 2026-12-04 17:00 + 4 h: 0.5 h, then Monday 08:30 + 3.5 h → 12:00
    assert CAL.add(local(2026, 12, 4, 17), 4) == local(2026, 12, 7, 12)


def test_a_start_out_of_hours_starts_at_the_next_period() -> None:
    # Saturday 2026-12-05 10:00 + 1 h → Monday 09:30; 12:30 (lunch) + 1 h → 15:00
    assert CAL.add(local(2026, 12, 5, 10), 1) == local(2026, 12, 7, 9, 30)
    assert CAL.add(local(2026, 12, 2, 12, 30), 1) == local(2026, 12, 2, 15)


def test_holidays_are_skipped_and_a_worked_saturday_counts() -> None:
    # Wednesday 2026-09-30 17:00 + 7 h: 0.5 h, then 10-01..07 off (holiday), 10-08 Thu 08:30 +
    # 6.5 h → 17:00
    assert CAL.add(local(2026, 9, 30, 17), 7) == local(2026, 10, 8, 17)
    # Friday 2026-10-09 17:00 + 1 h: 0.5 h, then Saturday 10-10 (调休 workday) 08:30 + 0.5 h
    assert CAL.add(local(2026, 10, 9, 17), 1) == local(2026, 10, 10, 9)


def test_a_full_working_day_is_seven_hours() -> None:
    assert CAL.add(local(2026, 12, 2, 8, 30), 7) == local(2026, 12, 2, 17, 30)
    assert CAL.add(local(2026, 12, 2, 8, 30), 7.5) == local(2026, 12, 3, 9)


def test_results_are_utc_and_zero_hours_is_the_start() -> None:
    result = CAL.add(local(2026, 12, 2, 9), 1)
    assert result.tzinfo is UTC and result == datetime(2026, 12, 2, 2, 0, tzinfo=UTC)
    assert CAL.add(local(2026, 12, 5, 10), 0) == local(2026, 12, 5, 10)


def test_working_time_between_two_instants() -> None:
    assert CAL.between(local(2026, 12, 2, 9), local(2026, 12, 2, 11)) == timedelta(hours=2)
    # 11:00 → 15:00 holds 1 h before lunch and 1 h after
    assert CAL.between(local(2026, 12, 2, 11), local(2026, 12, 2, 15)) == timedelta(hours=2)
    # Friday 17:00 → Monday 09:00: 0.5 h + 0.5 h
    assert CAL.between(local(2026, 12, 4, 17), local(2026, 12, 7, 9)) == timedelta(hours=1)
    assert CAL.between(local(2026, 12, 7, 9), local(2026, 12, 4, 17)) == timedelta(0)
    assert CAL.between(local(2026, 10, 1, 9), local(2026, 10, 7, 17)) == timedelta(0)


def test_add_and_between_agree() -> None:
    start = local(2026, 9, 29, 10, 15)
    for hours in (0.25, 1, 3.5, 7, 20, 41.5):
        assert CAL.between(start, CAL.add(start, hours)) == timedelta(hours=hours)


def test_clock_and_working_deadlines() -> None:
    friday = local(2026, 12, 4, 16)
    assert due(friday, 4, False, CAL) == friday + timedelta(hours=4)
    assert due(friday, 4, True, CAL) == local(2026, 12, 7, 11)
    assert due(friday, 4, True, None) == friday + timedelta(hours=4)  # no calendar: clock


def test_a_pause_moves_the_deadline_by_the_time_it_held_back() -> None:
    # paused Friday 16:00 → Monday 10:00: 1.5 + 1.5 working hours, 66 clock hours
    since, until = local(2026, 12, 4, 16), local(2026, 12, 7, 10)
    assert paused_time(since, until, True, CAL) == timedelta(hours=3)
    assert paused_time(since, until, False, CAL) == timedelta(hours=66)
    deadline = local(2026, 12, 7, 11)  # 11:00 + 3 h: 1 h till noon, 2 h from 14:00
    assert shift(deadline, timedelta(hours=3), True, CAL) == local(2026, 12, 7, 16)
    assert shift(deadline, timedelta(hours=66), False, CAL) == deadline + timedelta(hours=66)
    assert shift(None, timedelta(hours=3), True, CAL) is None
    assert shift(deadline, timedelta(0), True, CAL) == deadline


def test_periods_parse_and_overlaps_are_refused() -> None:
    assert parse_periods("08:30-12:00, 14:00-17:30") == (
        (time(8, 30), time(12)),
        (time(14), time(17, 30)),
    )
    for bad in ("", "08:30", "9-12"):
        with pytest.raises(ValueError):
            parse_periods(bad)
    with pytest.raises(ValueError):
        WorkCalendar(tz=SH, periods=((time(9), time(12)), (time(11), time(13))))


def test_a_calendar_without_working_days_gives_up() -> None:
    with pytest.raises(ValueError, match="no working time"):
        WorkCalendar(tz=SH, weekdays=frozenset()).add(local(2026, 12, 2, 9), 1)


def test_the_holidays_file_has_the_state_councils_2026_schedule() -> None:
    holidays, workdays = load_days(ROOT / "deploy" / "holidays.yaml")
    spring = {date(2026, 2, d) for d in range(15, 24)}  # 春节 9 days
    national = {date(2026, 10, d) for d in range(1, 8)}
    assert spring <= holidays and national <= holidays and date(2026, 5, 5) in holidays
    assert workdays >= {date(2026, 2, 14), date(2026, 2, 28), date(2026, 9, 20), date(2026, 10, 10)}
    assert {date(2027, 1, 1), date(2027, 2, 6), date(2027, 10, 1)} <= holidays
    assert not holidays & workdays


def test_the_calendar_from_settings(tmp_path: Path) -> None:
    calendar = calendar_from(Settings(_env_file=None))
    assert calendar.is_working_day(date(2026, 2, 14))  # Saturday, worked (调休)
    assert not calendar.is_working_day(date(2026, 2, 16))  # 春节
    assert calendar.weekdays == frozenset(range(5))
    custom = tmp_path / "days.yaml"
    custom.write_text("holidays: [2026-12-02]\n", encoding="utf-8")
    settings = Settings(
        _env_file=None, holidays_file=str(custom), working_days="1,2,3,4,5,6",
        working_hours="09:00-17:00",
    )  # fmt: skip
    calendar = calendar_from(settings)
    assert not calendar.is_working_day(date(2026, 12, 2))
    assert calendar.is_working_day(date(2026, 12, 5))  # Saturday is a working day here
    assert calendar.add(local(2026, 12, 3, 16), 2) == local(2026, 12, 4, 10)


def test_a_broken_holidays_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("holidays: [not-a-date]\n", encoding="utf-8")
    with pytest.raises(CalendarFileError, match="holidays"):
        load_days(bad)
    with pytest.raises(CalendarFileError):
        load_days(tmp_path / "missing.yaml")


def test_settings_validate_the_calendar_and_weights() -> None:
    with pytest.raises(ValueError):
        Settings(_env_file=None, working_days="0,8")
    with pytest.raises(ValueError):
        Settings(_env_file=None, working_hours="8:30 to 12")
    with pytest.raises(ValueError):
        Settings(_env_file=None, rate_weights="30,35")
    with pytest.raises(ValueError):
        Settings(_env_file=None, rate_weights="0,0,0")
    assert Settings(_env_file=None, rate_weights="1 1 2").rate_weights == [1.0, 1.0, 2.0]
