"""The broadcaster: sends notice copies in the background and keeps the admin informed.

It leases batches of due copies, sends them concurrently through the bot at low priority
(``bot.chat.senders.ratelimit.BULK``: the shared rate limiter paces them and keeps room for
residents' conversations), and commits each outcome as soon as Telegram answers, judged by
the shared error ladder (``bot.chat.senders.ladder``): 429, 5xx, time-outs and network errors
are retried later with backoff; 403 marks the resident blocked (they are skipped from then
on); 400 and other refusals give up (transient failures too, but only
``GRIDBOT_DELIVERY_GIVE_UP_HOURS`` after the notice started: 24 h). Every few seconds the
admin's preview message is edited with sent / failed / blocked / remaining, and a final
report follows.

A JobQueue job kicks the broadcaster every few seconds, which resumes whatever a previous
process left (leases of a dead process run out) and retries whose time has come.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Callable, Coroutine
from typing import Any, assert_never

from telegram import Message
from telegram.error import TelegramError
from telegram.ext import Application, ExtBot

from bot.chat.context import BotApp, BotContext
from bot.chat.senders import ladder
from bot.chat.senders.ratelimit import BULK
from bot.chat.views import notices as notice_render
from bot.services.broadcast import Progress
from bot.services.notice_delivery import Copy, NoticeDeliveryService

log = logging.getLogger(__name__)

BROADCASTER_KEY = "broadcaster"
PROGRESS_EVERY = 3.0
RESUME_EVERY = 5.0


class Broadcaster:
    """Drains due notice copies; one drain at a time per process."""

    def __init__(
        self,
        deliveries: NoticeDeliveryService,
        bot: ExtBot[Any],
        *,
        owner: str | None = None,
        batch: int = 50,
        progress_every: float = PROGRESS_EVERY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._deliveries = deliveries
        self._bot = bot
        self._owner = owner or uuid.uuid4().hex
        self._batch = batch
        self._progress_every = progress_every
        self._clock = clock
        self._lock = asyncio.Lock()
        self._records: set[asyncio.Task[None]] = set()
        self._shown: dict[int, float] = {}
        self._task: asyncio.Task[int] | None = None

    def kick(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Start a background drain unless one runs (only while the application runs)."""
        if app.running and (self._task is None or self._task.done()):
            self._task = app.create_task(self.drain(lambda: app.running), name="broadcast")

    async def drain(self, keep_going: Callable[[], bool] = lambda: True) -> int:
        """Send every due copy; the number delivered. The next batch is leased while half of
        the current one is still on its way, so the rate limiter never runs dry."""
        if self._lock.locked():
            return 0
        async with self._lock:
            delivered = await self._pipeline(keep_going)
            await self._finish()
        return delivered

    async def _pipeline(self, keep_going: Callable[[], bool]) -> int:
        delivered, more = 0, True
        sending: set[asyncio.Task[bool]] = set()
        notices: set[int] = set()
        try:
            while True:
                if keep_going() and ((more and len(sending) <= self._batch // 2) or not sending):
                    batch = await self._deliveries.claim(self._owner, self._batch - len(sending))
                    more = len(batch) == self._batch - len(sending)
                    notices.update(c.notice_id for c in batch)
                    sending.update(asyncio.ensure_future(self._deliver(c)) for c in batch)
                if not sending:
                    return delivered
                done, sending = await asyncio.wait(sending, return_when=asyncio.FIRST_COMPLETED)
                delivered += sum(t.result() for t in done)
                await self._show_progress(sorted(notices))
        except asyncio.CancelledError:
            for task in sending:
                task.cancel()
            await asyncio.gather(*sending, *self._records, return_exceptions=True)
            raise

    async def _deliver(self, copy: Copy) -> bool:
        """Send one copy and commit what became of it (see ``ladder``)."""
        outcomes = self._deliveries
        match await ladder.attempt(lambda: self._send(copy), copy.attempts):
            case ladder.Sent(message):
                await self._record(outcomes.sent(copy.id, message.message_id))
                return True
            case ladder.Retry(after, reason):
                await self._record(outcomes.retry(copy.id, after, reason))
            case ladder.Blocked(reason):
                await self._record(outcomes.blocked(copy.id, reason))
            case ladder.Refused(reason):
                await self._record(outcomes.failed(copy.id, reason))
            case unexpected:
                assert_never(unexpected)
        return False

    async def _record(self, outcome: Coroutine[Any, Any, None]) -> None:
        """Commit an outcome even if the drain is cancelled meanwhile (the copy was sent)."""
        task = asyncio.ensure_future(outcome)
        self._records.add(task)
        task.add_done_callback(self._records.discard)
        await asyncio.shield(task)

    def _bulk(self) -> dict[str, Any]:
        """Low priority in the shared rate limiter (progress edits too: part of the broadcast)."""
        return {"rate_limit_args": BULK} if self._bot.rate_limiter else {}

    async def _send(self, copy: Copy) -> Message:
        reply = notice_render.resident_copy(copy)
        limit = self._bulk()
        if copy.photo:
            return await self._bot.send_photo(
                copy.chat_id, copy.photo, caption=reply.text, reply_markup=reply.markup, **limit
            )
        return await self._bot.send_message(
            copy.chat_id, reply.text, reply_markup=reply.markup, **limit
        )

    async def _show_progress(self, notice_ids: list[int]) -> None:
        now = self._clock()
        due = [n for n in notice_ids if now - self._shown.get(n, -1e9) >= self._progress_every]
        if not due:
            return
        for progress in await self._deliveries.progress(due):
            self._shown[progress.notice_id] = now
            await self._edit(progress)

    async def _finish(self) -> None:
        for progress in await self._deliveries.finish_ready():
            self._shown.pop(progress.notice_id, None)
            await self._edit(progress)
            with contextlib.suppress(TelegramError):
                text = notice_render.progress(progress)
                await self._bot.send_message(progress.created_by, text, **self._bulk())

    async def _edit(self, progress: Progress) -> None:
        """Show progress in the admin's preview message (a failed edit is not worth a retry)."""
        if progress.chat_id is None or progress.message_id is None:
            return
        try:
            await self._bot.edit_message_text(
                notice_render.progress(progress),
                progress.chat_id,
                progress.message_id,
                **self._bulk(),
            )
        except TelegramError as exc:
            log.debug("progress of notice %d not shown: %s", progress.notice_id, exc)


async def resume(context: BotContext) -> None:
    """JobQueue: resume interrupted broadcasts and due retries, in the background."""
    broadcaster: Broadcaster = context.bot_data[BROADCASTER_KEY]
    broadcaster.kick(context.application)


def schedule(app: BotApp) -> None:
    """Register the resume job (no-op without a JobQueue)."""
    queue: Any = app.job_queue
    if queue is not None:
        queue.run_repeating(resume, interval=RESUME_EVERY, first=2.0, name="broadcasts")
