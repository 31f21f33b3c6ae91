"""API keys and their areas, inside the caller's transaction (never commits)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ApiKey, ApiKeyArea


@dataclass
class ApiKeyRepo:
    """The open API's keys."""

    session: AsyncSession

    async def by_hash(self, key_hash: str) -> ApiKey | None:
        """The key with this hash, revoked or not."""
        stmt = select(ApiKey).where(ApiKey.key_hash == key_hash)
        return (await self.session.scalars(stmt)).one_or_none()

    async def get(self, key_id: int) -> ApiKey | None:
        """One key by id."""
        return await self.session.get(ApiKey, key_id)

    async def all(self) -> Sequence[ApiKey]:
        """Every key, oldest first."""
        return (await self.session.scalars(select(ApiKey).order_by(ApiKey.id))).all()

    async def area_ids(self, key_id: int) -> list[int]:
        """The areas a key is scoped to."""
        stmt = select(ApiKeyArea.area_id).where(ApiKeyArea.key_id == key_id)
        return sorted((await self.session.scalars(stmt)).all())

    async def resident_ids(self) -> frozenset[int]:
        """The integrations' own resident rows (whose tickets were filed through the API)."""
        return frozenset((await self.session.scalars(select(ApiKey.resident_id))).all())

    async def add(self, key: ApiKey, area_ids: Sequence[int]) -> None:
        """Stage a new key with its areas (ids known after the flush)."""
        self.session.add(key)
        await self.session.flush()
        self.session.add_all(ApiKeyArea(key_id=key.id, area_id=a) for a in area_ids)
        await self.session.flush()
