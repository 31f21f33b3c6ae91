"""Notices (通知) from admins to residents: the audience, the draft, sending, receipts (回执).

An admin picks an audience (every resident they oversee, one community, one grid, or the
residents of one building by text match on the address), writes the text (and maybe one
photo), and sees a preview with the exact recipient count: that preview is a ``draft``
notice row. Pressing 发送 writes one delivery row per recipient and hands the rest to the
broadcaster (``bot/chat/senders/broadcaster.py``), which sends them in the background.

Deliveries have their own table (``notice_deliveries``) instead of riding in the outbox:
a notice has thousands of copies whose progress (sent / failed / blocked / left) and
receipts (已阅) are counted per notice, ``(notice, resident)`` is unique so resuming after a
crash can never queue a second copy, bulk copies go through the rate limiter at low
priority while the outbox keeps its per-chat ordering for ticket notifications, and the
outbox's head-per-chat query would otherwise scan every broadcast row.

The audience and the shapes shown to admins are in ``broadcast_audience``; the /broadcast
dialogue that builds a draft step by step is in ``broadcast_dialogue``.
"""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.conversation import Scope
from bot.services import audit
from bot.services.broadcast_audience import (
    MAX_CAPTION,
    MAX_TEXT,
    Audience,
    Draft,
    NoticeReport,
    Progress,
    Unconfirmed,
    admin,
    building_of,
    check_text,
    draft_of,
    notice_area,
    oversees,
    parse_audience,
    progress_of,
    resolve,
    save_draft,
)
from bot.services.broadcast_dialogue import BroadcastDialogue
from bot.services.errors import Forbidden, InvalidInput, NotFound
from bot.services.scope import Actor
from bot.services.tickets import Clock
from storage.models import Notice, NoticeStatus, StaffRole
from storage.repos import Repos
from storage.uow import unit_of_work

__all__ = [
    "MAX_CAPTION",
    "MAX_TEXT",
    "Audience",
    "BroadcastService",
    "Draft",
    "NoticeReport",
    "Progress",
    "Scope",
    "Unconfirmed",
    "building_of",
    "check_text",
    "parse_audience",
    "progress_of",
]

log = logging.getLogger(__name__)


class BroadcastService:
    """Audience, drafts, starting a broadcast, receipts and reports."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], admin_ids: frozenset[int], clock: Clock
    ) -> None:
        self._sessions = sessions
        self._admin_ids = admin_ids
        self._clock = clock
        self.dialogue = BroadcastDialogue(sessions, admin_ids, clock)
        """The /broadcast dialogue, its draft stored per chat."""

    async def draft(
        self, admin_id: int, audience: Audience, text: str, photo: str | None, needs_ack: bool
    ) -> Draft:
        """Save a notice to preview, with the number of residents it would reach now."""
        check_text(text, photo)
        async with unit_of_work(self._sessions) as repos:
            who = await admin(repos, admin_id, self._admin_ids)
            return await save_draft(repos, who, audience, text, photo, needs_ack, self._clock())

    async def _own_draft(self, repos: Repos, admin_id: int, notice_id: int) -> tuple[Actor, Notice]:
        who = await admin(repos, admin_id, self._admin_ids)
        notice = await repos.notices.get(notice_id, for_update=True)
        if notice is None or notice.created_by != admin_id:
            raise NotFound(str(notice_id))
        if notice.status is not NoticeStatus.DRAFT:
            raise InvalidInput(notice.status.value)
        return who, notice

    async def toggle_ack(self, admin_id: int, notice_id: int) -> Draft:
        """Switch 回执 on or off in a draft."""
        async with unit_of_work(self._sessions) as repos:
            _, notice = await self._own_draft(repos, admin_id, notice_id)
            notice.needs_ack = not notice.needs_ack
            return draft_of(notice, await notice_area(repos, notice))

    async def cancel(self, admin_id: int, notice_id: int) -> None:
        """Drop a draft (取消)."""
        async with unit_of_work(self._sessions) as repos:
            _, notice = await self._own_draft(repos, admin_id, notice_id)
            notice.status = NoticeStatus.CANCELLED

    async def start(
        self, admin_id: int, notice_id: int, chat_id: int | None, message_id: int | None
    ) -> Draft:
        """发送: one pending delivery per current recipient; the broadcaster does the rest (it
        edits the progress message ``chat_id``/``message_id`` when given: the chat, not the web)."""
        async with unit_of_work(self._sessions) as repos:
            who, notice = await self._own_draft(repos, admin_id, notice_id)
            area = await notice_area(repos, notice)
            code = area.code if area else None
            audience = Audience(Scope(notice.scope_kind), code, notice.scope_text)
            _, recipients = await resolve(repos, who, audience)
            if not recipients:
                raise InvalidInput("no recipients")
            now = self._clock()
            await repos.deliveries.add_recipients(notice.id, recipients, now)
            notice.status, notice.started_at = NoticeStatus.SENDING, now
            notice.recipients = len(recipients)
            notice.progress_chat_id, notice.progress_message_id = chat_id, message_id
            audit.record(
                repos,
                admin_id,
                StaffRole.ADMIN.value,
                "broadcast",
                notice_id=notice.id,
                scope=notice.scope_kind,
                area=area.code if area else None,
                recipients=len(recipients),
                receipt=notice.needs_ack,
                photo=notice.photo_file_id is not None,
            )
            log.info("notice %d: sending to %d residents", notice.id, len(recipients))
            return draft_of(notice, area)

    async def acknowledge(self, telegram_id: int, delivery_id: int) -> bool:
        """A resident pressed 已阅; False if it was already recorded."""
        async with unit_of_work(self._sessions) as repos:
            row = await repos.deliveries.get(delivery_id)
            if row is None or row.chat_id != telegram_id:
                raise NotFound(str(delivery_id))
            if row.acked_at is not None:
                return False
            row.acked_at = self._clock()
            return True

    async def report(self, admin_id: int, notice_id: int) -> NoticeReport:
        """A notice's progress and the residents who have not confirmed, for ``/notice``."""
        async with unit_of_work(self._sessions) as repos:
            who = await admin(repos, admin_id, self._admin_ids)
            notice = await repos.notices.get(notice_id)
            if notice is None or notice.status in (NoticeStatus.DRAFT, NoticeStatus.CANCELLED):
                raise NotFound(str(notice_id))
            area = await notice_area(repos, notice)
            if notice.created_by != admin_id and not await oversees(repos, who, area):
                raise Forbidden(str(notice_id))
            deliveries = repos.deliveries
            progress = await progress_of(deliveries, notice)
            unconfirmed = await deliveries.unconfirmed(notice.id) if notice.needs_ack else []
            return NoticeReport(draft_of(notice, area), progress, unconfirmed)

    async def recent(self, admin_id: int) -> list[Draft]:
        """This admin's latest notices, newest first."""
        async with unit_of_work(self._sessions) as repos:
            await admin(repos, admin_id, self._admin_ids)
            notices = await repos.notices.recent(admin_id)
            return [draft_of(n, await notice_area(repos, n)) for n in notices]
