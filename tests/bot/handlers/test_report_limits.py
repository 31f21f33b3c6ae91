"""New tickets per resident per hour are bounded; past the bound nothing is lost."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.config import Settings
from storage.models import Ticket, TicketEvent
from storage.uow import unit_of_work
from tests.bot.handlers.conftest import WANG
from tests.bot.handlers.test_reports import CONFIDENT
from tests.harness import BotHarness

LIGHT = "3号楼门口的路灯坏了"
NOISE = "楼上装修噪音太大，晚上十点还在砸墙"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """At most two new tickets per resident per hour."""
    return settings.model_copy(update={"tickets_per_hour": 2})


async def test_past_the_hourly_bound_a_report_joins_the_latest_ticket(
    residents: BotHarness,
) -> None:
    await residents.say(WANG, CONFIDENT)
    await residents.say(WANG, LIGHT)
    [reply] = await residents.say(WANG, NOISE)
    async with unit_of_work(residents.services.sessions) as repos:
        tickets = (await repos.session.scalars(select(Ticket).order_by(Ticket.id))).all()
        assert len(tickets) == 2
        stmt = select(TicketEvent.text).where(TicketEvent.ticket_id == tickets[-1].id)
        assert NOISE in (await repos.session.scalars(stmt)).all()  # kept, not dropped
    assert f"#{tickets[-1].id}" in reply.plain_text and "不会丢" in reply.plain_text
    residents.clock.advance(hours=1, minutes=1)
    await residents.say(WANG, NOISE)
    async with unit_of_work(residents.services.sessions) as repos:
        assert len((await repos.session.scalars(select(Ticket))).all()) == 3
