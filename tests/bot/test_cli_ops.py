"""``gridbot audit``, ``export-resident`` and ``forget-resident`` run as an operator would."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.services import audit
from storage.db import create_engine, create_sessionmaker
from storage.models import AuditEntry
from tests.bot.services.test_privacy import PHONE, WANG_TG, seed
from tests.bot.test_cli import ROOT, gridbot


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A clean GRIDBOT_* environment with its own SQLite database."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("GRIDBOT_")}
    base["HOME"] = str(tmp_path)
    base["PYTHONPATH"] = str(ROOT)
    base["GRIDBOT_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'ops.db'}"
    base["GRIDBOT_LOG_LEVEL"] = "WARNING"
    return base


async def _seeded(env: dict[str, str]) -> int:
    up = gridbot("db", "upgrade", env=env)
    assert up.returncode == 0, up.stderr
    engine = create_engine(env["GRIDBOT_DATABASE_URL"])
    try:
        seeded = await seed(create_sessionmaker(engine))
    finally:
        await engine.dispose()
    return seeded.wang_id


async def test_export_then_forget_resident(env: dict[str, str]) -> None:
    wang_id = await _seeded(env)
    exported = gridbot("export-resident", str(WANG_TG), env=env)
    assert exported.returncode == 0, exported.stderr
    assert "王阿姨" in exported.stdout  # UTF-8, not \\u escapes
    data = json.loads(exported.stdout)
    assert data["resident"]["phone"] == PHONE and len(data["tickets"]) == 1

    forgot = gridbot("forget-resident", str(WANG_TG), env=env)
    assert forgot.returncode == 0, forgot.stderr
    assert forgot.stdout.startswith(f"resident {wang_id} forgotten: 1 ticket(s) anonymised")
    gone = gridbot("export-resident", str(WANG_TG), env=env)
    assert gone.returncode == 1
    assert gone.stderr.strip() == f"error: no resident with Telegram id {WANG_TG}"
    anonymised = json.loads(gridbot("export-resident", str(-wang_id), env=env).stdout)
    assert anonymised["resident"]["phone"] is None
    assert anonymised["tickets"][0]["text"] == "[已删除]"


def test_unknown_resident_is_one_clear_line(env: dict[str, str]) -> None:
    gridbot("db", "upgrade", env=env)
    result = gridbot("forget-resident", "777", env=env)
    assert result.returncode == 1
    assert result.stderr.strip() == "error: no resident with Telegram id 777"
    assert result.stdout == ""


async def test_audit_prints_one_line_per_entry_in_local_time(env: dict[str, str]) -> None:
    gridbot("db", "upgrade", env=env)
    engine = create_engine(env["GRIDBOT_DATABASE_URL"])
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            session.add(
                AuditEntry(
                    at=(datetime.now(UTC) - timedelta(days=1)).replace(
                        hour=1, minute=2, second=3, microsecond=0
                    ),
                    actor_telegram_id=601,
                    actor_role="admin",
                    action="ticket.assign",
                    ticket_id=12,
                    detail={"to_staff": 501, "grid": "网格一"},
                )
            )
            audit.record(session, None, "cli", "resident.forget", resident_id=4)
    finally:
        await engine.dispose()
    result = gridbot("audit", "--days", "2", env={**env, "GRIDBOT_TIMEZONE": "Asia/Shanghai"})
    assert result.returncode == 0, result.stderr
    first, second = result.stdout.splitlines()
    at, actor, role, action, ticket, detail = first.split("\t")
    assert at.endswith("T09:02:03+08:00")
    assert (actor, role, action, ticket) == ("601", "admin", "ticket.assign", "#12")
    assert detail == '{"grid":"网格一","to_staff":501}'
    assert second.split("\t")[1:] == ["-", "cli", "resident.forget", "-", '{"resident_id":4}']
    empty = gridbot("audit", "--days", "0", env=env)
    assert empty.returncode == 0 and empty.stdout == "" and "no audit entries" in empty.stderr
