"""Fixtures for 我也遇到 and 并单: workers of 第二网格, an admin, three residents."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from sqlalchemy import select

from storage.models import Ticket, TicketEvent, TicketFollower
from storage.uow import unit_of_work
from tests.bot.handlers.conftest import register
from tests.bot.workers.conftest import grid  # noqa: F401  (the fixture)
from tests.harness import BotHarness
from tests.updates import TgUser

LI = TgUser(2003, "李叔")  # 第二网格, the same building as 王阿姨
QIAN = TgUser(2004, "钱姐")  # 第二网格, another building
PARKING = "小区门口天天乱停车，车都开不出去"
PARKING_TOO = "楼下乱停车太严重了，每天堵路"
PARKING_AGAIN = "门口的车位全被外来车辆占了"


@pytest.fixture
async def street(grid: BotHarness) -> BotHarness:  # noqa: F811
    """The workers' grid plus 李叔 (3号楼, like 王阿姨) and 钱姐 (8号楼) in 第二网格."""
    await register(grid, LI, address="3号楼1单元101", phone=None)
    await register(grid, QIAN, address="8号楼2单元202", phone=None)
    grid.api.clear()
    return grid


async def tickets(h: BotHarness) -> Sequence[Ticket]:
    """Every ticket, oldest first."""
    async with unit_of_work(h.services.sessions) as repos:
        return (await repos.session.scalars(select(Ticket).order_by(Ticket.id))).all()


async def ticket(h: BotHarness, ticket_id: int) -> Ticket:
    """One ticket as stored."""
    async with unit_of_work(h.services.sessions) as repos:
        found = await repos.tickets.get(ticket_id)
    assert found is not None
    return found


async def followers(h: BotHarness, ticket_id: int) -> Sequence[TicketFollower]:
    """A ticket's followers, in the order they joined."""
    async with unit_of_work(h.services.sessions) as repos:
        stmt = select(TicketFollower).where(TicketFollower.ticket_id == ticket_id)
        return (await repos.session.scalars(stmt.order_by(TicketFollower.id))).all()


async def history(h: BotHarness, ticket_id: int) -> list[TicketEvent]:
    """A ticket's history rows, oldest first."""
    async with unit_of_work(h.services.sessions) as repos:
        stmt = select(TicketEvent).where(TicketEvent.ticket_id == ticket_id)
        return list((await repos.session.scalars(stmt.order_by(TicketEvent.id))).all())
