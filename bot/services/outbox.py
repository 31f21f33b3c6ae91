"""The outbox: notifications written in the transaction that causes them, delivered later.

``enqueue`` stages a notification (kind + parameters, no finished text) inside a caller's
unit of work; the sender renders it when it sends it. ``OutboxService`` is what a
sender uses: lease due messages (the oldest pending one per chat, so each chat gets its
messages in order; ``FOR UPDATE SKIP LOCKED`` on PostgreSQL so several processes can
share the work), then record what became of each. A crash between commit and delivery
leaves the row pending; once its lease runs out it is sent after the restart.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.notifications import Kind
from bot.services.views import Clock
from storage.models import OutboxMessage, OutboxStatus
from storage.repos import Repos
from storage.uow import unit_of_work

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=60)
DUE_NOW = datetime(2000, 1, 1, tzinfo=UTC)
"""``next_attempt_at`` of a fresh message: "not before" a time long past, i.e. due now."""
GIVE_UP_AFTER = timedelta(hours=24)
"""Transient failures are retried this long from the row's creation (Telegram's own
retention of undelivered updates); only then, or on a permanent refusal, does a row fail."""


def enqueue(
    repos: Repos,
    chat_id: int,
    kind: Kind,
    *,
    ticket_id: int | None = None,
    params: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> None:
    """Stage a notification for a chat: its kind and parameters, rendered when sent."""
    message = OutboxMessage(
        chat_id=chat_id,
        kind=kind.value,
        params=params or None,
        ticket_id=ticket_id,
        status=OutboxStatus.PENDING,
        next_attempt_at=DUE_NOW,
    )
    if now is not None:
        message.created_at = now
    repos.outbox.add(message)


@dataclass(frozen=True)
class Envelope:
    """A leased notification, ready to render and send from part ``parts_sent`` on."""

    id: int
    chat_id: int
    kind: str
    params: dict[str, Any]
    ticket_id: int | None
    parts_sent: int
    attempts: int


@dataclass(frozen=True)
class Trouble:
    """A failed or long-delayed notification, for operators (ids and errors, no content)."""

    id: int
    status: str
    kind: str
    chat_id: int
    ticket_id: int | None
    age: timedelta
    attempts: int
    last_error: str | None


class OutboxService:
    """Leases due messages and records their fate."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        give_up_after: timedelta = GIVE_UP_AFTER,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._give_up_after = give_up_after

    async def claim(self, owner: str, limit: int = 20) -> list[Envelope]:
        """Lease up to ``limit`` due messages, at most one per chat."""
        async with unit_of_work(self._sessions) as repos:
            rows = await repos.outbox.claim_heads(owner, self._clock(), LEASE, limit)
            blocked = await repos.outbox.blocked_chats({r.chat_id for r in rows})
            for row in rows:
                if row.chat_id in blocked:
                    row.status, row.lease_until = OutboxStatus.BLOCKED, None
                    row.last_error = "resident blocked the bot"
            rows = [r for r in rows if r.chat_id not in blocked]
            return [
                Envelope(
                    r.id, r.chat_id, r.kind, dict(r.params or {}), r.ticket_id, r.parts_sent,
                    r.attempts,
                )
                for r in rows
            ]  # fmt: skip

    async def sent(self, outbox_id: int, telegram_message_id: int | None, parts: int) -> None:
        """Every part reached the chat (the first text part's id is kept for replies)."""
        async with unit_of_work(self._sessions) as repos:
            row = await _row(repos, outbox_id)
            row.status, row.sent_at = OutboxStatus.SENT, self._clock()
            row.telegram_message_id, row.lease_until = telegram_message_id, None
            row.attempts, row.parts_sent = row.attempts + 1, parts

    async def progress(self, outbox_id: int, parts_sent: int, message_id: int | None) -> None:
        """Some parts went before a failure: a retry resumes after them."""
        async with unit_of_work(self._sessions) as repos:
            row = await _row(repos, outbox_id)
            row.parts_sent = parts_sent
            if message_id is not None and row.telegram_message_id is None:
                row.telegram_message_id = message_id

    async def retry(self, outbox_id: int, after: timedelta, error: str) -> None:
        """A passing failure: try again after ``after``, until ``give_up_after`` from creation."""
        async with unit_of_work(self._sessions) as repos:
            row = await _row(repos, outbox_id)
            row.attempts += 1
            row.last_error, row.lease_until = error[:500], None
            now = self._clock()
            if now - row.created_at >= self._give_up_after:
                row.status = OutboxStatus.FAILED
                row.last_error = f"gave up after {self._give_up_after}: {error}"[:500]
                log.warning("outbox %d to chat %d given up: %s", row.id, row.chat_id, error)
            else:
                row.next_attempt_at = now + after

    async def failed(self, outbox_id: int, reason: str) -> None:
        """A permanent failure (400): give up, with the reason logged."""
        async with unit_of_work(self._sessions) as repos:
            row = await _row(repos, outbox_id)
            row.status, row.last_error, row.lease_until = OutboxStatus.FAILED, reason[:500], None
            row.attempts += 1
        log.warning("outbox %d failed permanently: %s", outbox_id, reason)

    async def blocked(self, chat_id: int, reason: str) -> None:
        """The user blocked the bot: mark them, stop sending them anything."""
        async with unit_of_work(self._sessions) as repos:
            resident = await repos.residents.by_telegram_id(chat_id)
            if resident is not None:
                resident.blocked = True
            count = await repos.outbox.block_chat(chat_id, reason[:500])
        log.info("chat %d blocked the bot; %d pending message(s) dropped", chat_id, count)

    async def troubled(
        self, *, failed: bool, delayed_after: timedelta | None, limit: int = 200
    ) -> list[Trouble]:
        """Failed notifications and/or those still pending ``delayed_after`` after creation."""
        now = self._clock()
        before = None if delayed_after is None else now - delayed_after
        async with unit_of_work(self._sessions) as repos:
            rows = await repos.outbox.troubled(failed=failed, delayed_before=before, limit=limit)
            return [
                Trouble(
                    r.id, r.status.value, r.kind, r.chat_id, r.ticket_id, now - r.created_at,
                    r.attempts, r.last_error,
                )
                for r in rows
            ]  # fmt: skip

    async def requeue(self, ids: list[int] | None) -> list[int]:
        """Send these failed notifications again (every failed one if ``ids`` is None)."""
        async with unit_of_work(self._sessions) as repos:
            done = await repos.outbox.requeue_failed(ids, self._clock())
        log.info("outbox: %d failed message(s) requeued", len(done))
        return done

    async def backlog(self) -> int:
        """How many messages are waiting."""
        async with unit_of_work(self._sessions) as repos:
            return await repos.outbox.pending_count()


async def _row(repos: Repos, outbox_id: int) -> OutboxMessage:
    row = await repos.outbox.get(outbox_id)
    assert row is not None, outbox_id
    return row
