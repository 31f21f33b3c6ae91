"""The outbox sender: delivers leased outbox messages through the Bot API.

Retries network errors, time-outs, 5xx and 429 (honouring ``retry_after``) with backoff;
marks a resident blocked on 403 and stops sending to them; gives up on a permanent 400
with the reason logged. Several senders (processes) may run at once: leases keep each
message with one of them, and only the oldest pending message of a chat is ever leased.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from datetime import timedelta

from telegram import Bot, InlineKeyboardMarkup, Message
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.services.outbox import Envelope, OutboxService

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(minutes=5)


def backoff(attempts: int) -> timedelta:
    """2, 4, 8 … seconds, at most five minutes."""
    return min(timedelta(seconds=2 ** (attempts + 1)), MAX_BACKOFF)


class OutboxSender:
    """Drains the outbox; ``drain`` is safe to call often (one drain at a time here)."""

    def __init__(self, outbox: OutboxService, bot: Bot, owner: str | None = None) -> None:
        self._outbox = outbox
        self._bot = bot
        self._owner = owner or uuid.uuid4().hex
        self._lock = asyncio.Lock()

    async def drain(self) -> int:
        """Send every due message (in order per chat); the number delivered."""
        if self._lock.locked():
            return 0
        delivered = 0
        async with self._lock:
            while batch := await self._outbox.claim(self._owner):
                results = await asyncio.gather(*(self._deliver(e) for e in batch))
                delivered += sum(results)
        return delivered

    async def _deliver(self, envelope: Envelope) -> bool:
        try:
            message = await self._send(envelope)
        except RetryAfter as exc:
            delay = exc.retry_after
            after = delay if isinstance(delay, timedelta) else timedelta(seconds=delay)
            await self._outbox.retry(envelope.id, after, f"429 retry after {after}")
        except Forbidden as exc:
            await self._outbox.blocked(envelope.chat_id, str(exc))
        except BadRequest as exc:
            await self._outbox.failed(envelope.id, str(exc))
        except (TimedOut, NetworkError) as exc:
            await self._outbox.retry(envelope.id, backoff(envelope.attempts), repr(exc))
        else:
            await self._outbox.sent(envelope.id, message.message_id)
            return True
        return False

    async def _send(self, e: Envelope) -> Message:
        markup = InlineKeyboardMarkup.de_json(e.markup, self._bot) if e.markup else None
        if e.kind == "photo" and e.photo:
            return await self._bot.send_photo(e.chat_id, e.photo, caption=e.text or None)
        if e.kind == "location" and e.payload:
            return await self._bot.send_location(
                e.chat_id, e.payload["latitude"], e.payload["longitude"]
            )
        return await self._bot.send_message(e.chat_id, e.text, reply_markup=markup)
