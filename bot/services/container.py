"""The services the handlers and the CLI use, built once from the settings."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.services.areas import AreaService
from bot.services.staff import StaffService
from bot.services.updates import UpdateLog
from storage.db import create_engine, create_sessionmaker


@dataclass
class Services:
    """Domain services sharing one engine; free of ``telegram``."""

    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    admin_ids: frozenset[int]
    areas: AreaService
    staff: StaffService
    updates: UpdateLog

    @classmethod
    def build(cls, database_url: str, admin_ids: frozenset[int] = frozenset()) -> Services:
        """Create the engine and every service on it."""
        engine = create_engine(database_url)
        sessions = create_sessionmaker(engine)
        return cls(
            engine=engine,
            sessions=sessions,
            admin_ids=admin_ids,
            areas=AreaService(sessions),
            staff=StaffService(sessions),
            updates=UpdateLog(sessions),
        )

    async def close(self) -> None:
        """Dispose of the engine's connections."""
        await self.engine.dispose()
