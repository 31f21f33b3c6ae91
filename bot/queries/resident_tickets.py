"""A resident's own tickets: /my and /ticket (the read side)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.tickets import own_ticket, ticket_view
from bot.services.views import TicketView
from intents import Catalogue
from storage.uow import unit_of_work


class MyTickets:
    """What a resident sees of their own tickets."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], catalogue: Catalogue) -> None:
        self._sessions = sessions
        self._catalogue = catalogue

    async def mine(self, telegram_id: int) -> list[TicketView]:
        """The resident's tickets, newest first."""
        async with unit_of_work(self._sessions) as repos:
            resident = await repos.residents.by_telegram_id(telegram_id)
            if resident is None:
                return []
            tickets = await repos.tickets.of_resident(resident.id)
            return [await ticket_view(repos, self._catalogue, t) for t in tickets]

    async def detail(self, telegram_id: int, ticket_id: int) -> TicketView:
        """One of the resident's tickets with its visible history; NotFound otherwise."""
        async with unit_of_work(self._sessions) as repos:
            ticket = await own_ticket(repos, telegram_id, ticket_id)
            return await ticket_view(repos, self._catalogue, ticket, history=True)
