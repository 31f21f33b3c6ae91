"""The services the handlers and the CLI use, built once from the settings."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.services.areas import AreaService
from bot.services.registration import RegistrationService
from bot.services.reports import ReportService
from bot.services.staff import StaffService
from bot.services.tickets import Clock, ResidentTickets
from bot.services.updates import UpdateLog
from intents import Matcher, load_catalogue
from storage.db import create_engine, create_sessionmaker
from storage.types import utcnow


@dataclass
class Services:
    """Domain services sharing one engine; free of ``telegram``."""

    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    admin_ids: frozenset[int]
    matcher: Matcher
    clock: Clock
    areas: AreaService
    staff: StaffService
    updates: UpdateLog
    registration: RegistrationService
    reports: ReportService
    tickets: ResidentTickets

    @classmethod
    def build(
        cls,
        database_url: str,
        admin_ids: frozenset[int] = frozenset(),
        *,
        matcher: Matcher | None = None,
        clock: Clock = utcnow,
    ) -> Services:
        """Create the engine and every service on it (the matcher is built if not given)."""
        engine = create_engine(database_url)
        sessions = create_sessionmaker(engine)
        matcher = matcher or Matcher(load_catalogue())
        return cls(
            engine=engine,
            sessions=sessions,
            admin_ids=admin_ids,
            matcher=matcher,
            clock=clock,
            areas=AreaService(sessions),
            staff=StaffService(sessions),
            updates=UpdateLog(sessions),
            registration=RegistrationService(sessions),
            reports=ReportService(sessions, matcher, clock),
            tickets=ResidentTickets(sessions, matcher.catalogue, clock),
        )

    async def close(self) -> None:
        """Dispose of the engine's connections."""
        await self.engine.dispose()
