"""工作时: a working-hour calendar, and deadlines counted in working or in clock hours.

A calendar knows the working weekdays, the working periods of a day (e.g. 08:30–12:00 and
14:00–17:30), the public holidays and the 调休 weekend days that are worked. ``add`` moves
an instant forward by N working hours; ``between`` counts the working time between two
instants. Deadlines in clock hours ignore the calendar. Everything here is pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo

MAX_DAYS = 3660
"""How far ``add`` looks for working time before giving up (ten years)."""

Period = tuple[time, time]


@dataclass(frozen=True)
class WorkCalendar:
    """Working days and hours in one time zone, with holidays and worked weekend days."""

    tz: tzinfo
    weekdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})  # Monday = 0
    periods: tuple[Period, ...] = ((time(8, 30), time(12)), (time(14), time(17, 30)))
    holidays: frozenset[date] = field(default_factory=frozenset)
    workdays: frozenset[date] = field(default_factory=frozenset)  # 调休 working weekends

    def __post_init__(self) -> None:
        """Periods must be ordered, non-empty and not overlap."""
        end = time.min
        for start, stop in self.periods:
            if not (end <= start < stop):
                raise ValueError("working periods must be ordered and must not overlap")
            end = stop

    @property
    def day_hours(self) -> float:
        """The working hours of one working day (7 for 08:30–12:00 and 14:00–17:30)."""
        today = date(2000, 1, 3)
        spans = (datetime.combine(today, b) - datetime.combine(today, a) for a, b in self.periods)
        return sum(spans, timedelta(0)).total_seconds() / 3600

    def is_working_day(self, day: date) -> bool:
        """A worked 调休 day, or a working weekday that is not a holiday."""
        if day in self.workdays:
            return True
        return day.weekday() in self.weekdays and day not in self.holidays

    def _spans(self, first: date) -> Iterator[tuple[datetime, datetime]]:
        """Working spans (local, aware) from the day ``first`` on, in order."""
        for offset in range(MAX_DAYS):
            day = first + timedelta(days=offset)
            if self.is_working_day(day):
                for start, stop in self.periods:
                    yield (
                        datetime.combine(day, start, tzinfo=self.tz),
                        datetime.combine(day, stop, tzinfo=self.tz),
                    )

    def add(self, start: datetime, hours: float) -> datetime:
        """The instant ``hours`` working hours after ``start`` (UTC)."""
        left = timedelta(hours=hours)
        local = start.astimezone(self.tz)
        if left <= timedelta(0):
            return start.astimezone(UTC)
        for span_start, span_stop in self._spans(local.date()):
            begin = max(span_start, local)
            if begin >= span_stop:
                continue
            if begin + left <= span_stop:
                return (begin + left).astimezone(UTC)
            left -= span_stop - begin
        raise ValueError("no working time in the calendar")

    def between(self, start: datetime, end: datetime) -> timedelta:
        """The working time between two instants (zero when ``end`` is not after ``start``)."""
        total = timedelta(0)
        if end <= start:
            return total
        local, until = start.astimezone(self.tz), end.astimezone(self.tz)
        for span_start, span_stop in self._spans(local.date()):
            if span_start >= until:
                break
            begin, stop = max(span_start, local), min(span_stop, until)
            if stop > begin:
                total += stop - begin
        return total


def due(start: datetime, hours: float, working: bool, calendar: WorkCalendar | None) -> datetime:
    """A deadline ``hours`` after ``start``: working hours by the calendar, else clock hours."""
    if working and calendar is not None:
        return calendar.add(start, hours)
    return start + timedelta(hours=hours)


def paused_time(
    since: datetime, until: datetime, working: bool, calendar: WorkCalendar | None
) -> timedelta:
    """How much of the limit a pause from ``since`` to ``until`` held back."""
    if working and calendar is not None:
        return calendar.between(since, until)
    return max(until - since, timedelta(0))


def shift(
    deadline: datetime | None, paused: timedelta, working: bool, calendar: WorkCalendar | None
) -> datetime | None:
    """A deadline moved on by the paused time (working time skips nights and holidays)."""
    if deadline is None or paused <= timedelta(0):
        return deadline
    return due(deadline, paused.total_seconds() / 3600, working, calendar)


def parse_periods(text: str) -> tuple[Period, ...]:
    """``08:30-12:00,14:00-17:30`` as periods; ValueError when malformed."""
    periods = []
    for part in text.replace("，", ",").split(","):
        if not part.strip():
            continue
        start, sep, stop = part.strip().replace("–", "-").partition("-")
        if not sep:
            raise ValueError(f"not a period: {part.strip()!r}")
        periods.append((time.fromisoformat(start.strip()), time.fromisoformat(stop.strip())))
    if not periods:
        raise ValueError("no working period")
    return tuple(periods)


def dates(values: Iterable[date]) -> frozenset[date]:
    """A set of dates (the holidays or worked days of a calendar file)."""
    return frozenset(values)
