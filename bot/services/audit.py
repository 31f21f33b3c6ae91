"""The audit log: who did what to which ticket, recorded inside the caller's transaction.

``record`` adds one ``AuditEntry`` to the caller's session and never commits, so the entry
is written if and only if the action it describes is. Details are small JSON values; keys
that could carry message texts or personal data are refused, as are phone numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import AuditEntry
from storage.ops_repos import PERSONAL_KEYS, AuditRepo
from storage.types import utcnow
from storage.uow import unit_of_work

_PHONE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)")


class HasSession(Protocol):
    """Anything holding the unit of work's session (e.g. ``storage.repos.Repos``)."""

    session: AsyncSession


def _check_detail(detail: dict[str, Any]) -> None:
    """Refuse details that could leak message texts or phone numbers."""
    leaked = sorted(PERSONAL_KEYS & detail.keys())
    if leaked:
        raise ValueError(f"audit detail may not contain {', '.join(leaked)}")
    for key, value in detail.items():
        if isinstance(value, str) and _PHONE.search(value):
            raise ValueError(f"audit detail {key!r} looks like a phone number")


def record(
    session_or_repos: AsyncSession | HasSession,
    actor_telegram_id: int | None,
    actor_role: str | None,
    action: str,
    ticket_id: int | None = None,
    **detail: Any,
) -> None:
    """Stage an audit entry in the caller's transaction (never commits)."""
    _check_detail(detail)
    session = (
        session_or_repos if isinstance(session_or_repos, AsyncSession) else session_or_repos.session
    )  # a bare session: callers outside a unit of work (tests, the CLI's fixtures)
    entry = AuditEntry(
        at=utcnow(),
        actor_telegram_id=actor_telegram_id,
        actor_role=actor_role,
        action=action,
        ticket_id=ticket_id,
        detail=detail or None,
    )
    AuditRepo(session).add(entry)


@dataclass(frozen=True, slots=True)
class AuditView:
    """One audit entry, detached from the session."""

    at: datetime
    actor_telegram_id: int | None
    actor_role: str | None
    action: str
    ticket_id: int | None
    detail: dict[str, Any]


class AuditService:
    """Reading the audit log."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def recent(self, days: int) -> list[AuditView]:
        """Entries of the last ``days`` days, oldest first."""
        since = utcnow() - timedelta(days=days)
        async with unit_of_work(self._sessions) as repos:
            rows = await repos.audit.since(since)
            return [
                AuditView(
                    at=e.at,
                    actor_telegram_id=e.actor_telegram_id,
                    actor_role=e.actor_role,
                    action=e.action,
                    ticket_id=e.ticket_id,
                    detail=dict(e.detail or {}),
                )
                for e in rows
            ]
