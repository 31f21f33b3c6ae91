"""The working-hour calendar from settings and the holidays file (``deploy/holidays.yaml``)."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from bot.config import Settings
from bot.domain.workcalendar import WorkCalendar, parse_periods

log = logging.getLogger(__name__)

DEFAULT_FILES = (
    Path("deploy") / "holidays.yaml",  # the working directory (make run, the container's /app)
    Path(__file__).resolve().parents[2] / "deploy" / "holidays.yaml",  # the source tree
)


class CalendarFileError(ValueError):
    """The holidays file is missing or malformed."""


def _dates(doc: dict[str, Any], key: str, path: Path) -> frozenset[date]:
    values = doc.get(key) or []
    if not isinstance(values, list) or not all(
        isinstance(v, date) and not hasattr(v, "hour") for v in values
    ):
        raise CalendarFileError(f"{path}: '{key}' must be a list of YYYY-MM-DD dates")
    return frozenset(values)


def load_days(path: Path) -> tuple[frozenset[date], frozenset[date]]:
    """The holidays and the worked weekend days (调休) listed in a holidays file."""
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise CalendarFileError(f"{path}: {exc}") from exc
    if not isinstance(doc, dict):
        raise CalendarFileError(f"{path}: expected 'holidays' and 'workdays' lists")
    return _dates(doc, "holidays", path), _dates(doc, "workdays", path)


def calendar_from(settings: Settings) -> WorkCalendar:
    """The calendar the settings describe (the default holidays file when there is one)."""
    found = [Path(settings.holidays_file)] if settings.holidays_file else []
    found += [p for p in DEFAULT_FILES if not settings.holidays_file and p.exists()]
    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()
    if found:
        holidays, workdays = load_days(found[0])
    else:
        log.warning("no holidays file (deploy/holidays.yaml): only weekends are days off")
    return WorkCalendar(
        tz=settings.tz,
        weekdays=frozenset(d - 1 for d in settings.working_days),
        periods=parse_periods(settings.working_hours),
        holidays=holidays,
        workdays=workdays,
    )
