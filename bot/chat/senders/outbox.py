"""The outbox sender: renders leased notifications with today's data and sends them.

A notification may become several messages (a long text split at Telegram's limit, then
photos and locations); they go in order, and a retry resumes after the last one sent.
Retries network errors, time-outs, 5xx and 429 (honouring ``retry_after``) with backoff for
``GRIDBOT_DELIVERY_GIVE_UP_HOURS`` (24 h) from the notification's creation;
marks a resident blocked on 403 and stops sending to them; gives up on a permanent 400
with the reason recorded. Several senders (processes) may run at once: leases keep each
notification with one of them, and only the oldest pending one of a chat is ever leased.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from datetime import tzinfo
from functools import partial
from typing import assert_never

from telegram import Bot, Message

from bot.chat.senders.ladder import Blocked, Refused, Retry, Sent, attempt
from bot.chat.views.notifications import Location, Part, Photo, Text, render
from bot.queries.notifications import NotificationData
from bot.services.outbox import Envelope, OutboxService
from bot.services.views import Clock

log = logging.getLogger(__name__)


class OutboxSender:
    """Drains the outbox; ``drain`` is safe to call often (one drain at a time here)."""

    def __init__(
        self,
        outbox: OutboxService,
        data: NotificationData,
        bot: Bot,
        clock: Clock,
        tz: tzinfo,
        owner: str | None = None,
    ) -> None:
        self._outbox = outbox
        self._data = data
        self._bot = bot
        self._clock = clock
        self._tz = tz
        self._owner = owner or uuid.uuid4().hex
        self._lock = asyncio.Lock()

    async def drain(self) -> int:
        """Send every due notification (in order per chat); the number delivered."""
        if self._lock.locked():
            return 0
        delivered = 0
        async with self._lock:
            while batch := await self._outbox.claim(self._owner):
                results = await asyncio.gather(*(self._deliver(e) for e in batch))
                delivered += sum(results)
        return delivered

    async def _deliver(self, envelope: Envelope) -> bool:
        facts = await self._data.facts(envelope.kind, envelope.params, envelope.ticket_id)
        parts = render(facts, self._tz, self._clock())
        sent, first_id = envelope.parts_sent, None
        for part in parts[envelope.parts_sent :]:
            verdict = await attempt(partial(self._send, envelope.chat_id, part), envelope.attempts)
            if not isinstance(verdict, Sent):
                await self._failed(envelope, verdict, sent, first_id)
                return False
            sent += 1
            if first_id is None and isinstance(part, Text):
                first_id = verdict.message.message_id
        await self._outbox.sent(envelope.id, first_id, sent)
        return True

    async def _failed(
        self, envelope: Envelope, verdict: Retry | Blocked | Refused, sent: int, first: int | None
    ) -> None:
        """Record the parts that went, then what the ladder made of the failure."""
        match verdict:
            case Blocked(reason):
                await self._outbox.blocked(envelope.chat_id, reason)
            case Retry(after, reason):
                await self._outbox.progress(envelope.id, sent, first)
                await self._outbox.retry(envelope.id, after, reason)
            case Refused(reason):
                await self._outbox.progress(envelope.id, sent, first)
                await self._outbox.failed(envelope.id, reason)
            case unexpected:
                assert_never(unexpected)

    async def _send(self, chat_id: int, part: Part) -> Message:
        if isinstance(part, Photo):
            return await self._bot.send_photo(chat_id, part.file_id, caption=part.caption or None)
        if isinstance(part, Location):
            return await self._bot.send_location(chat_id, part.latitude, part.longitude)
        assert isinstance(part, Text)
        return await self._bot.send_message(chat_id, part.text, reply_markup=part.markup)
