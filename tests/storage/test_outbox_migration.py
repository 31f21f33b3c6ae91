"""Migration 0005: messages still pending keep their text as ``legacy`` events; the copies of
messages already sent are dropped."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from sqlalchemy import text

from storage.db import create_engine
from storage.migrate import upgrade


async def _run(url: str, *statements: str) -> list[tuple[object, ...]]:
    engine = create_engine(url)
    rows: list[tuple[object, ...]] = []
    async with engine.begin() as conn:
        for statement in statements:
            result = await conn.execute(text(statement))
            if result.returns_rows:
                rows = [tuple(r) for r in result.all()]
    await engine.dispose()
    return rows


def test_pending_messages_survive_as_legacy_events(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0004")
    asyncio.run(
        _run(
            url,
            "INSERT INTO outbox"
            " (chat_id, kind, text, status, attempts, next_attempt_at, created_at)"
            " VALUES (1, 'message', '王阿姨：楼道堆物', 'sent', 1, '2026-01-01', '2026-01-01'),"
            " (2, 'message', '您的工单已受理', 'pending', 0, '2026-01-01', '2026-01-01')",
        )
    )
    upgrade(url, "0005")
    rows = asyncio.run(_run(url, "SELECT chat_id, kind, params, status FROM outbox ORDER BY id"))
    assert rows[0][:2] == (1, "legacy") and rows[0][2] is None
    assert rows[1][:2] == (2, "legacy")
    assert json.loads(str(rows[1][2]))["text"] == "您的工单已受理"
