"""Revision 0006 moves each resident's old ``residents.state`` into ``chat_states`` in the
typed layout (what it cannot read is left out), and back again on downgrade."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy.engine import make_url

from bot.domain.conversation import (
    Album,
    Conversation,
    KeptMedia,
    KeptMessages,
    KeptText,
    Media,
    Registration,
    RegistrationStep,
    Report,
    decode,
)
from storage.db import create_engine
from storage.migrate import alembic_config, upgrade
from tests.conftest import BACKENDS, PG_URL, _pg_admin

BEFORE = "0006-1"
REGISTERING = {
    "step": "grid",
    "community": "cailing",
    "pending": [
        "楼道堆物",
        {"kind": "photo", "file_id": "F1", "file_unique_id": "u1", "caption": "看"},
    ],
}
REPORTING = {
    "report": {"text": "啊", "media": [{"kind": "location", "latitude": 31.7, "longitude": 119.9}]},
    "albums": {"g1": 5, "g2": "pending"},
}
OLD = {1: REGISTERING, 2: REPORTING, 3: {"step": "idle", "draft": "x"}, 4: "oops", 5: None}

residents = sa.table(
    "residents",
    sa.column("telegram_id", sa.BigInteger()),
    sa.column("display_name", sa.String()),
    sa.column("registered", sa.Boolean()),
    sa.column("blocked", sa.Boolean()),
    sa.column("created_at", sa.DateTime()),
    sa.column("updated_at", sa.DateTime()),
    sa.column("state", sa.JSON()),
)
chat_states = sa.table(
    "chat_states",
    sa.column("chat_id", sa.BigInteger()),
    sa.column("state", sa.JSON()),
    sa.column("version", sa.Integer()),
)


@pytest.fixture(params=BACKENDS)
async def blank_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """An empty database of this test's own."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'blank.db'}"
        return
    name = f"gridbot_mig_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    await _pg_admin(PG_URL, f'CREATE DATABASE "{name}"')
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        await _pg_admin(PG_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _in(url: str, statement: Any) -> list[Any]:
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            result = await conn.execute(statement)
            return list(result.all()) if result.returns_rows else []
    finally:
        await engine.dispose()


def _downgrade(url: str, revision: str) -> None:
    command.downgrade(alembic_config(url), revision)


async def _columns(url: str, table: str) -> set[str]:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            found = await conn.run_sync(lambda c: sa.inspect(c).get_columns(table))
    finally:
        await engine.dispose()
    return {c["name"] for c in found}


async def test_old_states_move_into_chat_states_and_back(blank_url: str) -> None:
    await asyncio.to_thread(upgrade, blank_url, BEFORE)
    now = sa.func.current_timestamp()
    for telegram_id, state in OLD.items():
        row = {"telegram_id": telegram_id, "display_name": "", "registered": True}
        row.update(blocked=False, created_at=now, updated_at=now, state=state)
        await _in(blank_url, residents.insert().values(**row))
    await asyncio.to_thread(upgrade, blank_url, "head")

    rows = await _in(blank_url, sa.select(chat_states))
    moved = {chat_id: decode(state) for chat_id, state, _ in rows}
    assert set(moved) == {1, 2} and {r[2] for r in rows} == {1}
    assert moved[1] == (
        Conversation(
            registration=Registration(RegistrationStep.GRID, "cailing"),
            kept=KeptMessages((KeptText("楼道堆物"), KeptMedia(Media("photo", "F1", "u1"), "看"))),
        ),
        (),
    )
    assert moved[2] == (
        Conversation(
            report=Report("啊", (Media("location", latitude=31.7, longitude=119.9),)),
            albums=(Album("g1", 5), Album("g2")),
        ),
        (),
    )
    columns = await _columns(blank_url, "residents")
    assert "state" not in columns

    await asyncio.to_thread(_downgrade, blank_url, BEFORE)
    back = dict(await _in(blank_url, sa.select(residents.c.telegram_id, residents.c.state)))
    assert back == {1: REGISTERING, 2: REPORTING, 3: None, 4: None, 5: None}
