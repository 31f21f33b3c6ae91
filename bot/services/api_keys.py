"""Keys of the open API: created (the secret shown once), listed, revoked, and checked.

Only a SHA-256 hash of each key is stored. Each key is scoped to areas: it reads and files
requests of the grids below them, never others (``policy.Integration``). Each key has a
resident row of its own (no chat, no personal data) whose tickets are the requests it filed.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.policy import Integration
from bot.services.errors import InvalidInput, NotFound
from bot.services.scope import grids_below
from bot.services.views import Clock
from storage.api_key_repo import ApiKeyRepo
from storage.models import ApiKey, Area, Resident
from storage.repos import Repos
from storage.uow import unit_of_work

log = logging.getLogger(__name__)

KEY_PREFIX = "gbk_"
PROXY_IDS_BELOW = -(10**15)  # integrations' resident rows: far below any Telegram chat id


@dataclass(frozen=True)
class KeyView:
    """A key as ``gridbot api-key list`` shows it (never the secret)."""

    id: int
    name: str
    prefix: str
    area_codes: tuple[str, ...]
    created_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True)
class ApiClient:
    """An authenticated integration: its scope and the resident row its requests belong to."""

    integration: Integration
    resident_id: int
    area_ids: tuple[int, ...]


def key_hash(secret: str) -> str:
    """The stored form of a key."""
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiKeyService:
    """Creates, lists, revokes and authenticates API keys."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    async def create(self, name: str, area_codes: Sequence[str]) -> tuple[KeyView, str]:
        """A new key for these areas; returns its view and the secret (shown only once)."""
        name = name.strip()
        if not name or len(name) > 100:
            raise InvalidInput("a key needs a name of 1-100 characters")
        if not area_codes:
            raise InvalidInput("a key needs at least one area")
        secret = KEY_PREFIX + secrets.token_urlsafe(32)
        async with unit_of_work(self._sessions) as repos:
            found = await repos.areas.by_codes(list(area_codes))
            missing = [c for c in area_codes if c not in found]
            if missing:
                raise NotFound(f"unknown area code: {missing[0]}")
            resident = Resident(
                telegram_id=await _next_proxy_id(repos),
                display_name=name,
                registered=False,
                blocked=True,
            )
            repos.residents.add(resident)
            await repos.areas.flush()
            now = self._clock()
            key = ApiKey(
                name=name,
                key_hash=key_hash(secret),
                prefix=secret[:12],
                resident_id=resident.id,
                created_at=now,
            )
            await ApiKeyRepo(repos.session).add(key, sorted({a.id for a in found.values()}))
            log.info("api key %d created", key.id)
            return await _view(repos, key), secret

    async def list(self) -> list[KeyView]:
        """Every key, revoked ones too."""
        async with unit_of_work(self._sessions) as repos:
            return [await _view(repos, k) for k in await ApiKeyRepo(repos.session).all()]

    async def revoke(self, key_id: int) -> KeyView:
        """Refuse this key from now on (revoking twice keeps the first time)."""
        async with unit_of_work(self._sessions) as repos:
            key = await ApiKeyRepo(repos.session).get(key_id)
            if key is None:
                raise NotFound(f"no api key {key_id}")
            if key.revoked_at is None:
                key.revoked_at = self._clock()
                log.info("api key %d revoked", key.id)
            return await _view(repos, key)

    async def authenticate(self, secret: str) -> ApiClient | None:
        """The integration of a live key, or None for an unknown or revoked one."""
        if not secret.startswith(KEY_PREFIX) or len(secret) > 200:
            return None
        async with unit_of_work(self._sessions) as repos:
            keys = ApiKeyRepo(repos.session)
            key = await keys.by_hash(key_hash(secret))
            if key is None or key.revoked_at is not None:
                return None
            area_ids = await keys.area_ids(key.id)
            areas = {a.id: a for a in (await repos.session.scalars(select(Area))).all()}
            grids = frozenset(g for a in area_ids if a in areas for g in grids_below(areas, a))
            return ApiClient(Integration(key.id, key.name, grids), key.resident_id, tuple(area_ids))


async def _next_proxy_id(repos: Repos) -> int:
    lowest = await repos.session.scalar(
        select(func.min(Resident.telegram_id)).where(Resident.telegram_id <= PROXY_IDS_BELOW)
    )
    return PROXY_IDS_BELOW if lowest is None else int(lowest) - 1


async def _view(repos: Repos, key: ApiKey) -> KeyView:
    area_ids = await ApiKeyRepo(repos.session).area_ids(key.id)
    codes = tuple(sorted(a.code for a in [await repos.areas.get(i) for i in area_ids] if a))
    return KeyView(key.id, key.name, key.prefix, codes, key.created_at, key.revoked_at)
