"""The leader lock for periodic jobs, on the real databases."""

from __future__ import annotations

import asyncio

import pytest

from bot.services.container import Services
from bot.services.locks import try_job_lock


async def test_lock_is_granted_and_released(services: Services) -> None:
    async with try_job_lock(services.sessions, "reminders") as first:
        assert first is True
    async with try_job_lock(services.sessions, "reminders") as again:
        assert again is True


async def test_concurrent_holders_exactly_one_leads(services: Services) -> None:
    if services.engine.dialect.name != "postgresql":
        pytest.skip("contention needs PostgreSQL (SQLite runs a single bot process)")
    other = Services.build(services.engine.url.render_as_string(hide_password=False))
    both_inside = asyncio.Barrier(2)
    results: list[bool] = []

    async def hold(pool: Services) -> None:
        async with try_job_lock(pool.sessions, "escalations") as leader:
            results.append(leader)
            await asyncio.wait_for(both_inside.wait(), timeout=10)

    try:
        await asyncio.gather(hold(services), hold(other))
        assert sorted(results) == [False, True]
        async with try_job_lock(other.sessions, "escalations") as after_release:
            assert after_release is True
        async with (
            try_job_lock(services.sessions, "escalations") as a,
            try_job_lock(other.sessions, "reminders") as b,
        ):
            assert a is True and b is True  # different names do not contend
    finally:
        await other.close()
