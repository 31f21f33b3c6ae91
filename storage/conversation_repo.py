"""Conversation state per chat, as stored JSON, written optimistically.

Each read returns the row's ``version``; a write names the version it read and fails with
``StaleState`` when another transaction got there first (the caller retries its whole unit
of work), so two processes continuing one chat at once never overwrite each other. No row
means nothing is going on: an empty conversation deletes its row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ChatState, Resident
from storage.types import utcnow

NO_SYNC = {"synchronize_session": False}


class StaleState(Exception):
    """The chat's state changed since it was read: retry the whole unit of work."""


@dataclass(frozen=True)
class StoredState:
    """A chat's state as read: its JSON and version (both ``None`` when there is no row)."""

    chat_id: int
    data: dict[str, Any] | None = None
    version: int | None = None


@dataclass
class ConversationRepo:
    """The ``chat_states`` table."""

    session: AsyncSession

    async def get(self, chat_id: int) -> StoredState:
        """The chat's stored state."""
        stmt = select(ChatState.state, ChatState.version).where(ChatState.chat_id == chat_id)
        row = (await self.session.execute(stmt)).one_or_none()
        return StoredState(chat_id, row.state, row.version) if row else StoredState(chat_id)

    async def with_resident(self, telegram_id: int) -> tuple[Resident | None, StoredState]:
        """The resident with this Telegram id and the state of their private chat, read in
        one statement when the resident exists."""
        stmt = (
            select(Resident, ChatState.state, ChatState.version)
            .outerjoin(ChatState, ChatState.chat_id == Resident.telegram_id)
            .where(Resident.telegram_id == telegram_id)
        )
        row = (await self.session.execute(stmt)).one_or_none()
        if row is None:
            return None, await self.get(telegram_id)
        return row[0], StoredState(telegram_id, row.state, row.version)

    async def put(self, read: StoredState, data: dict[str, Any] | None) -> None:
        """Replace the state read as ``read`` by ``data`` (``None`` deletes the row).

        Raises ``StaleState`` if the row is no longer the one that was read."""
        if read.version is None and data is None:
            return
        table, chat = ChatState, read.chat_id
        if read.version is None:
            insert = pg_insert if self._dialect() == "postgresql" else sqlite_insert
            stmt: Any = (
                insert(table)
                .values(chat_id=chat, state=data, version=1, updated_at=utcnow())
                .on_conflict_do_nothing(index_elements=["chat_id"])
            )
        elif data is None:
            stmt = delete(table).where(table.chat_id == chat, table.version == read.version)
        else:
            stmt = (
                update(table)
                .where(table.chat_id == chat, table.version == read.version)
                .values(state=data, version=read.version + 1, updated_at=utcnow())
            )
        result = await self.session.execute(stmt, execution_options=NO_SYNC)
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise StaleState(chat)

    async def erase(self, chat_id: int) -> int:
        """Delete the chat's state whatever it holds (erasing a resident); rows deleted."""
        stmt = delete(ChatState).where(ChatState.chat_id == chat_id)
        result = await self.session.execute(stmt, execution_options=NO_SYNC)
        return int(result.rowcount)  # type: ignore[attr-defined]

    def _dialect(self) -> str:
        return self.session.bind.dialect.name if self.session.bind else "sqlite"
