"""Repositories inside a unit of work: changes commit together or not at all."""

from __future__ import annotations

import pytest

from bot.bootstrap import Services
from storage.models import Area, AreaLevel
from storage.uow import unit_of_work


async def test_unit_of_work_rolls_back_on_error(services: Services) -> None:
    with pytest.raises(RuntimeError):
        async with unit_of_work(services.sessions) as repos:
            repos.areas.add(Area(code="x", name="某区", level=AreaLevel.DISTRICT))
            await repos.areas.flush()
            raise RuntimeError("boom")
    async with unit_of_work(services.sessions) as repos:
        assert await repos.areas.by_code("x") is None


async def test_update_claim_is_idempotent(services: Services) -> None:
    assert await services.updates.claim(42) is True
    assert await services.updates.claim(42) is False
    assert await services.updates.claim(43) is True


async def test_timestamps_come_back_aware(services: Services) -> None:
    async with unit_of_work(services.sessions) as repos:
        repos.areas.add(Area(code="d", name="某区", level=AreaLevel.DISTRICT))
    async with unit_of_work(services.sessions) as repos:
        area = await repos.areas.by_code("d")
    assert area is not None and area.created_at.tzinfo is not None
