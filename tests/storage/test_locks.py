"""The leader lock for periodic jobs, on the real databases."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.bootstrap import Services
from storage.db import create_engine, create_sessionmaker
from storage.locks import try_job_lock


async def test_lock_is_granted_and_released(services: Services) -> None:
    async with try_job_lock(services.sessions, "reminders") as first:
        assert first is True
    async with try_job_lock(services.sessions, "reminders") as again:
        assert again is True


async def test_concurrent_holders_exactly_one_leads(services: Services) -> None:
    if services.engine.dialect.name != "postgresql":
        pytest.skip("contention needs PostgreSQL (SQLite runs a single bot process)")
    other_engine = create_engine(services.engine.url.render_as_string(hide_password=False))
    other = create_sessionmaker(other_engine)
    both_inside = asyncio.Barrier(2)
    results: list[bool] = []

    async def hold(sessions: async_sessionmaker[AsyncSession]) -> None:
        async with try_job_lock(sessions, "escalations") as leader:
            results.append(leader)
            await asyncio.wait_for(both_inside.wait(), timeout=10)

    try:
        await asyncio.gather(hold(services.sessions), hold(other))
        assert sorted(results) == [False, True]
        async with try_job_lock(other, "escalations") as after_release:
            assert after_release is True
        async with (
            try_job_lock(services.sessions, "escalations") as a,
            try_job_lock(other, "reminders") as b,
        ):
            assert a is True and b is True  # different names do not contend
    finally:
        await other_engine.dispose()
