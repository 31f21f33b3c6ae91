"""Bookkeeping of notice copies for the broadcaster: lease, record each outcome, count.

Rows are leased (``FOR UPDATE SKIP LOCKED`` on PostgreSQL) so several processes can share a
broadcast. Each outcome is committed as soon as Telegram has answered, so a broadcast killed
half-way resumes with exactly the copies not yet sent: rows still leased by the dead process
become due again when the lease runs out. (As with the outbox, a crash in the instant between
Telegram accepting a copy and the commit would send that one copy again.)
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.broadcast import Progress, progress_of
from bot.services.tickets import Clock
from storage.models import DeliveryStatus, NoticeDelivery, Resident
from storage.repos import Repos
from storage.uow import unit_of_work

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=60)
GIVE_UP_AFTER = timedelta(hours=24)
"""Transient failures are retried this long from the notice's start; then the copy fails."""


@dataclass(frozen=True)
class Copy:
    """One leased copy of a notice, ready to send."""

    id: int
    notice_id: int
    chat_id: int
    text: str
    photo: str | None
    needs_ack: bool
    attempts: int


class NoticeDeliveryService:
    """Leases due copies and records what became of them."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        give_up_after: timedelta = GIVE_UP_AFTER,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._give_up_after = give_up_after

    async def claim(self, owner: str, limit: int = 50) -> list[Copy]:
        """Lease up to ``limit`` due copies, oldest first."""
        async with unit_of_work(self._sessions) as repos:
            rows = await repos.deliveries.claim(owner, self._clock(), LEASE, limit)
            if not rows:
                return []
            notices = await repos.notices.by_ids(list({r.notice_id for r in rows}))
            return [
                Copy(
                    r.id,
                    r.notice_id,
                    r.chat_id,
                    notices[r.notice_id].text,
                    notices[r.notice_id].photo_file_id,
                    notices[r.notice_id].needs_ack,
                    r.attempts,
                )
                for r in rows
            ]

    async def sent(self, delivery_id: int, telegram_message_id: int | None) -> None:
        """The copy reached the resident."""
        async with unit_of_work(self._sessions) as repos:
            row = await _row(repos, delivery_id)
            row.status, row.sent_at = DeliveryStatus.SENT, self._clock()
            row.telegram_message_id, row.lease_until = telegram_message_id, None
            row.attempts += 1

    async def retry(self, delivery_id: int, after: timedelta, error: str) -> None:
        """A passing failure (429, 5xx, time-out): try again later, for ``give_up_after``."""
        async with unit_of_work(self._sessions) as repos:
            row = await _row(repos, delivery_id)
            row.attempts += 1
            row.last_error, row.lease_until = error[:500], None
            notice = (await repos.notices.by_ids([row.notice_id]))[row.notice_id]
            now = self._clock()
            if now - (notice.started_at or notice.created_at) >= self._give_up_after:
                row.status = DeliveryStatus.FAILED
                row.last_error = f"gave up after {self._give_up_after}: {error}"[:500]
                log.warning("notice copy %d given up: %s", row.id, error)
            else:
                row.next_attempt_at = now + after

    async def failed(self, delivery_id: int, reason: str) -> None:
        """A permanent failure (400): give up, with the reason kept."""
        async with unit_of_work(self._sessions) as repos:
            row = await _row(repos, delivery_id)
            row.status, row.last_error, row.lease_until = DeliveryStatus.FAILED, reason[:500], None
            row.attempts += 1
        log.warning("notice copy %d failed permanently: %s", delivery_id, reason)

    async def blocked(self, delivery_id: int, reason: str) -> None:
        """403: the resident blocked the bot; mark them and drop everything queued for them."""
        async with unit_of_work(self._sessions) as repos:
            row = await _row(repos, delivery_id)
            resident = await repos.session.get(Resident, row.resident_id)
            if resident is not None:
                resident.blocked = True
            dropped = await repos.deliveries.block_resident(row.resident_id, reason)
            await repos.outbox.block_chat(row.chat_id, reason[:500])
            row.attempts += 1
        log.info("chat %d blocked the bot; %d notice copies dropped", row.chat_id, dropped)

    async def progress(self, notice_ids: list[int]) -> list[Progress]:
        """Progress of these notices."""
        async with unit_of_work(self._sessions) as repos:
            notices = await repos.notices.by_ids(notice_ids)
            deliveries = repos.deliveries
            return [await progress_of(deliveries, notices[i]) for i in sorted(notices)]

    async def finish_ready(self) -> list[Progress]:
        """Mark sending notices with nothing left to send as done; their final counts."""
        async with unit_of_work(self._sessions) as repos:
            notices = repos.notices
            deliveries = repos.deliveries
            finished = []
            for notice in await notices.sending():
                progress = await progress_of(deliveries, notice)
                if progress.pending == 0 and await notices.finish(notice.id, self._clock()):
                    log.info("notice %d done: %d sent", notice.id, progress.sent)
                    finished.append(replace(progress, done=True))
            return finished


async def _row(repos: Repos, delivery_id: int) -> NoticeDelivery:
    row = await repos.deliveries.get(delivery_id)
    assert row is not None, delivery_id
    return row
