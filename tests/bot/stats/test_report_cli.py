"""``gridbot report`` run as an operator would: CSV on stdout or in a file, XLSX in a file."""

from __future__ import annotations

import csv
import io
import os
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from tests.bot.stats.conftest import populate
from tests.bot.test_cli import ROOT, gridbot
from tests.harness import BotHarness

DEFAULT = "Asia/Shanghai"


@pytest.fixture
async def env(bot: BotHarness, database_url: str, tmp_path: Path) -> dict[str, str]:
    """The month's data written relative to the real time, and an environment to report on it."""
    await populate(bot.services, bot.clock())
    base = {k: v for k, v in os.environ.items() if not k.startswith("GRIDBOT_")}
    base.update(HOME=str(tmp_path), PYTHONPATH=str(ROOT), GRIDBOT_DATABASE_URL=database_url)
    base["GRIDBOT_LOG_LEVEL"] = "WARNING"
    return base


def _table(text: str) -> dict[tuple[str, str], str]:
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["section", "key", "name", "value"]
    return {(section, key): value for section, key, _, value in rows[1:]}


async def test_csv_on_stdout_has_every_figure(env: dict[str, str]) -> None:
    result = gridbot("report", "--days", "30", env=env)
    assert result.returncode == 0, result.stderr
    table = _table(result.stdout)
    assert {k: table["summary", k] for k in ("days", "tickets", "overdue")} == {
        "days": "30", "tickets": "9", "overdue": "2",
    }  # fmt: skip
    assert (table["summary", "median_accept_hours"], table["summary", "median_resolve_hours"]) == (
        "1.5",
        "15.0",
    )
    assert table["summary", "in_time_share"] == "0.75" and table["summary", "resolved"] == "4"
    assert table["summary", "satisfaction"] == "0.6667"
    assert table["summary", "default_satisfied"] == "1"
    assert table["summary", "self_service_share"] == "0.6"
    assert table["intent", "parking"] == "4" and table["intent", "other"] == "1"
    assert table["grid", "cailing-02"] == "5" and table["grid", "fuhou-01"] == "1"
    assert table["status", "assigned"] == "2" and table["status", "cancelled"] == "1"
    assert "summary,tickets,工单总数,9" in result.stdout.splitlines()


async def test_csv_file_and_xlsx_file(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "month.csv"
    written = gridbot("report", "--format", "csv", "--output", str(out), env=env)
    assert written.returncode == 0, written.stderr
    assert written.stdout.startswith("wrote ") and str(out) in written.stdout
    text = out.read_text(encoding="utf-8-sig")  # with a BOM, so Excel reads the Chinese
    assert out.read_bytes().startswith(b"\xef\xbb\xbf") and _table(text)["summary", "tickets"]

    book_path = tmp_path / "month.xlsx"
    made = gridbot("report", "--format", "xlsx", "--output", str(book_path), env=env)
    assert made.returncode == 0, made.stderr
    book = load_workbook(book_path, read_only=True)
    assert book.sheetnames == [
        *("概况", "按类别", "按网格", "按状态", "每日工单", "走访覆盖", "按走访人", "热点"),
        *("考核指标", "按网格指标", "按网格员指标"),  # issue 14: the rates
    ]
    spots = [row[1] for row in book["热点"].iter_rows(min_row=2, values_only=True)]
    assert spots == [
        "一人多诉 · 停车问题 · 第二网格 · 同一居民 3 次",
        "同址复发 · 停车问题 · 第二网格 · 3 单，1 户",
    ]
    summary = {row[0]: row[2] for row in book["概况"].iter_rows(min_row=2, values_only=True)}
    assert summary["tickets"] == 9 and summary["satisfaction"] == 0.6667
    grids = {row[1]: row[2] for row in book["按网格"].iter_rows(min_row=2, values_only=True)}
    assert grids == {"第二网格": 5, "第五网格": 3, "第一网格（建安名家南院）": 1}
    book.close()


def test_bad_days_is_a_usage_error(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRIDBOT_")}
    env.update(HOME=str(tmp_path), PYTHONPATH=str(ROOT))
    result = gridbot("report", "--days", "0", env=env)
    assert result.returncode == 2 and "a number of days from 1 to 366" in result.stderr


def _today(zone: str) -> date:
    return datetime.now(UTC).astimezone(ZoneInfo(zone)).date()


async def test_days_are_those_of_gridbot_timezone(database_url: str, tmp_path: Path) -> None:
    # UTC+14 and UTC-12 are always on different days, so one of them is not on Shanghai's
    # (the default): the report must count days in that zone, as configured.
    zone = next(z for z in ("Pacific/Kiritimati", "Etc/GMT+12") if _today(z) != _today(DEFAULT))
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRIDBOT_")}
    env.update(HOME=str(tmp_path), PYTHONPATH=str(ROOT), GRIDBOT_DATABASE_URL=database_url)
    before = _today(zone).isoformat()
    result = gridbot("report", "--days", "7", env={**env, "GRIDBOT_TIMEZONE": zone})
    assert result.returncode == 0, result.stderr
    last_day = _table(result.stdout)["summary", "last_day"]
    assert last_day in (before, _today(zone).isoformat())  # (midnight may pass meanwhile)
