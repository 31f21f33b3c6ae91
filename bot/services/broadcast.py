"""Notices (通知) from admins to residents: the audience, the draft, sending, receipts (回执).

An admin picks an audience (every resident they oversee, one community, one grid, or the
residents of one building by text match on the address), writes the text (and maybe one
photo), and sees a preview with the exact recipient count: that preview is a ``draft``
notice row. Pressing 发送 writes one delivery row per recipient and hands the rest to the
broadcaster (``bot/broadcaster.py``), which sends them in the background.

Deliveries have their own table (``notice_deliveries``) instead of riding in the outbox:
a notice has thousands of copies whose progress (sent / failed / blocked / left) and
receipts (已阅) are counted per notice, ``(notice, resident)`` is unique so resuming after a
crash can never queue a second copy, bulk copies go through the rate limiter at low
priority while the outbox keeps its per-chat ordering for ticket notifications, and the
outbox's head-per-chat query would otherwise scan every broadcast row.
"""

from __future__ import annotations

import enum
import logging
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services import audit
from bot.services.errors import Forbidden, InvalidInput, NotFound
from bot.services.scope import GRID_LEVELS, Actor, actor, grids_below
from bot.services.tickets import Clock
from storage.models import Area, AreaLevel, DeliveryStatus, Notice, NoticeStatus, StaffRole
from storage.notice_repos import DeliveryRepo, NoticeRepo, Recipient
from storage.notice_repos import Unconfirmed as Unconfirmed
from storage.repos import Repos
from storage.uow import unit_of_work

log = logging.getLogger(__name__)

MAX_TEXT = 3500
MAX_CAPTION = 900
MAX_BUILDING = 50


class Scope(enum.StrEnum):
    """Who a notice goes to."""

    ALL = "all"
    COMMUNITY = "community"
    GRID = "grid"
    BUILDING = "building"


@dataclass(frozen=True)
class Audience:
    """A chosen audience: a scope, the area's code (not for ``all``), a building's text."""

    scope: Scope
    area_code: str | None = None
    building: str | None = None


def parse_audience(word: str) -> Audience:
    """``all``, ``community:<code>``, ``grid:<code>`` or ``building:<community>:<text>``."""
    kind, _, rest = word.partition(":")
    try:
        scope = Scope(kind.lower())
    except ValueError:
        raise InvalidInput(word) from None
    if scope is Scope.ALL:
        if rest:
            raise InvalidInput(word)
        return Audience(scope)
    code, _, building = rest.partition(":")
    if not code or (scope is Scope.BUILDING) != bool(building):
        raise InvalidInput(word)
    return Audience(scope, code, building or None)


@dataclass(frozen=True)
class Draft:
    """A notice as the admin previews it."""

    id: int
    scope: Scope
    area_name: str | None
    building: str | None
    text: str
    has_photo: bool
    needs_ack: bool
    recipients: int
    status: NoticeStatus


@dataclass(frozen=True)
class Progress:
    """How far a notice has got."""

    notice_id: int
    needs_ack: bool
    sent: int
    failed: int
    blocked: int
    pending: int
    acked: int
    done: bool
    chat_id: int | None
    message_id: int | None
    created_by: int

    @property
    def total(self) -> int:
        """Every delivery row of the notice."""
        return self.sent + self.failed + self.blocked + self.pending


@dataclass(frozen=True)
class NoticeReport:
    """``/notice <id>``: progress and who has not confirmed yet."""

    draft: Draft
    progress: Progress
    unconfirmed: list[Unconfirmed]


_BUILDING = re.compile(r"^.*?(?:号楼|栋|幢|座|楼)")


def building_of(address: str | None) -> str | None:
    """The first part of an address (3号楼2单元501 → 3号楼), None when there is none."""
    if not address or not address.strip():
        return None
    address = address.strip()
    match = _BUILDING.match(address)
    if match:
        return match.group(0)
    return re.split(r"[\s,，\-－—]|单元", address, maxsplit=1)[0] or address


def _matches_building(text: str) -> re.Pattern[str]:
    """A pattern for a building text that does not match inside a longer number (3 ≠ 13)."""
    before = r"(?<!\d)" if text[:1].isdigit() else ""
    after = r"(?!\d)" if text[-1:].isdigit() else ""
    return re.compile(before + re.escape(text) + after)


def check_text(text: str, photo: str | None) -> str:
    """The notice text, stripped; refused when empty or too long for a message or caption."""
    text = text.strip()
    if not text:
        raise InvalidInput("empty")
    if len(text) > (MAX_CAPTION if photo else MAX_TEXT):
        raise InvalidInput("too long")
    return text


class BroadcastService:
    """Audience, drafts, starting a broadcast, receipts and reports."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], admin_ids: frozenset[int], clock: Clock
    ) -> None:
        self._sessions = sessions
        self._admin_ids = admin_ids
        self._clock = clock

    async def _admin(self, repos: Repos, telegram_id: int) -> Actor:
        who = await actor(repos, telegram_id, self._admin_ids)
        if who.role is not StaffRole.ADMIN:
            raise Forbidden("not an admin")
        return who

    async def communities(self, admin_id: int) -> list[tuple[int, str]]:
        """Communities (id, name) all of whose grids this admin oversees."""
        async with unit_of_work(self._sessions) as repos:
            who = await self._admin(repos, admin_id)
            areas = await _areas(repos)
            found = []
            for area in await repos.areas.by_level(AreaLevel.COMMUNITY):
                grids = frozenset(grids_below(areas, area.id))
                if grids and (who.grid_ids is None or grids <= who.grid_ids):
                    found.append((area.id, area.name))
            return found

    async def grids(self, admin_id: int, community_id: int) -> list[tuple[int, str]]:
        """Grids (id, name) of one community that this admin oversees."""
        async with unit_of_work(self._sessions) as repos:
            who = await self._admin(repos, admin_id)
            return [
                (g.id, g.name)
                for g in await repos.areas.children(community_id)
                if g.level in GRID_LEVELS and who.covers(g.id)
            ]

    async def area_code(self, area_id: int) -> str:
        """The code of an area chosen with a button."""
        async with unit_of_work(self._sessions) as repos:
            area = await repos.session.get(Area, area_id)
            if area is None:
                raise NotFound(str(area_id))
            return area.code

    async def draft(
        self, admin_id: int, audience: Audience, text: str, photo: str | None, needs_ack: bool
    ) -> Draft:
        """Save a notice to preview, with the number of residents it would reach now."""
        text = check_text(text, photo)
        async with unit_of_work(self._sessions) as repos:
            who = await self._admin(repos, admin_id)
            area, recipients = await _resolve(repos, who, audience)
            notice = Notice(
                created_by=admin_id,
                scope_kind=audience.scope.value,
                scope_area_id=area.id if area else None,
                scope_text=audience.building,
                text=text,
                photo_file_id=photo,
                needs_ack=needs_ack,
                status=NoticeStatus.DRAFT,
                recipients=len(recipients),
                created_at=self._clock(),
            )
            NoticeRepo(repos.session).add(notice)
            await repos.session.flush()
            log.info("admin %d drafted notice %d for %d", admin_id, notice.id, len(recipients))
            return _draft(notice, area)

    async def _own_draft(self, repos: Repos, admin_id: int, notice_id: int) -> tuple[Actor, Notice]:
        who = await self._admin(repos, admin_id)
        notice = await NoticeRepo(repos.session).get(notice_id, for_update=True)
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
            return _draft(notice, await _area(repos, notice))

    async def cancel(self, admin_id: int, notice_id: int) -> None:
        """Drop a draft (取消)."""
        async with unit_of_work(self._sessions) as repos:
            _, notice = await self._own_draft(repos, admin_id, notice_id)
            notice.status = NoticeStatus.CANCELLED

    async def start(self, admin_id: int, notice_id: int, chat_id: int, message_id: int) -> Draft:
        """发送: one pending delivery per current recipient; the broadcaster does the rest."""
        async with unit_of_work(self._sessions) as repos:
            who, notice = await self._own_draft(repos, admin_id, notice_id)
            area = await _area(repos, notice)
            code = area.code if area else None
            audience = Audience(Scope(notice.scope_kind), code, notice.scope_text)
            _, recipients = await _resolve(repos, who, audience)
            if not recipients:
                raise InvalidInput("no recipients")
            now = self._clock()
            await DeliveryRepo(repos.session).add_recipients(notice.id, recipients, now)
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
            return _draft(notice, area)

    async def acknowledge(self, telegram_id: int, delivery_id: int) -> bool:
        """A resident pressed 已阅; False if it was already recorded."""
        async with unit_of_work(self._sessions) as repos:
            row = await DeliveryRepo(repos.session).get(delivery_id)
            if row is None or row.chat_id != telegram_id:
                raise NotFound(str(delivery_id))
            if row.acked_at is not None:
                return False
            row.acked_at = self._clock()
            return True

    async def report(self, admin_id: int, notice_id: int) -> NoticeReport:
        """A notice's progress and the residents who have not confirmed, for ``/notice``."""
        async with unit_of_work(self._sessions) as repos:
            who = await self._admin(repos, admin_id)
            notice = await NoticeRepo(repos.session).get(notice_id)
            if notice is None or notice.status in (NoticeStatus.DRAFT, NoticeStatus.CANCELLED):
                raise NotFound(str(notice_id))
            area = await _area(repos, notice)
            if notice.created_by != admin_id and not await _oversees(repos, who, area):
                raise Forbidden(str(notice_id))
            deliveries = DeliveryRepo(repos.session)
            progress = await progress_of(deliveries, notice)
            unconfirmed = await deliveries.unconfirmed(notice.id) if notice.needs_ack else []
            return NoticeReport(_draft(notice, area), progress, unconfirmed)

    async def recent(self, admin_id: int) -> list[Draft]:
        """This admin's latest notices, newest first."""
        async with unit_of_work(self._sessions) as repos:
            await self._admin(repos, admin_id)
            notices = await NoticeRepo(repos.session).recent(admin_id)
            return [_draft(n, await _area(repos, n)) for n in notices]


async def _areas(repos: Repos) -> dict[int, Area]:
    return {a.id: a for a in (await repos.session.scalars(select(Area))).all()}


async def _area(repos: Repos, notice: Notice) -> Area | None:
    if notice.scope_area_id is None:
        return None
    return await repos.session.get(Area, notice.scope_area_id)


async def _oversees(repos: Repos, who: Actor, area: Area | None) -> bool:
    if who.grid_ids is None:
        return True
    if area is None:
        return False
    return frozenset(grids_below(await _areas(repos), area.id)) <= who.grid_ids


async def _resolve(
    repos: Repos, who: Actor, audience: Audience
) -> tuple[Area | None, list[Recipient]]:
    """The audience's area and its recipients; refused outside the admin's areas."""
    notices = NoticeRepo(repos.session)
    if audience.scope is Scope.ALL:
        return None, await notices.recipients(who.grid_ids)
    area = await repos.areas.by_code(audience.area_code or "")
    if area is None:
        raise NotFound(audience.area_code or "")
    if audience.scope is Scope.GRID and area.level not in GRID_LEVELS:
        raise NotFound(area.code)
    if audience.scope is not Scope.GRID and area.level in GRID_LEVELS:
        raise NotFound(area.code)
    grids = frozenset(grids_below(await _areas(repos), area.id))
    if not grids or (who.grid_ids is not None and not grids <= who.grid_ids):
        raise Forbidden(area.code)
    if audience.scope is not Scope.BUILDING:
        return area, await notices.recipients(grids)
    text = (audience.building or "").strip()
    if not text or len(text) > MAX_BUILDING:
        raise InvalidInput("building")
    pattern = _matches_building(text)
    found = await notices.recipients(grids, text)
    return area, [r for r in found if r.address and pattern.search(r.address)]


def _draft(notice: Notice, area: Area | None) -> Draft:
    return Draft(
        id=notice.id,
        scope=Scope(notice.scope_kind),
        area_name=area.name if area else None,
        building=notice.scope_text,
        text=notice.text,
        has_photo=notice.photo_file_id is not None,
        needs_ack=notice.needs_ack,
        recipients=notice.recipients,
        status=notice.status,
    )


async def progress_of(deliveries: DeliveryRepo, notice: Notice) -> Progress:
    """Counts of a notice's deliveries by status."""
    counts, acked = await deliveries.counts(notice.id)
    return Progress(
        notice_id=notice.id,
        needs_ack=notice.needs_ack,
        sent=counts.get(DeliveryStatus.SENT, 0),
        failed=counts.get(DeliveryStatus.FAILED, 0),
        blocked=counts.get(DeliveryStatus.BLOCKED, 0),
        pending=counts.get(DeliveryStatus.PENDING, 0),
        acked=acked,
        done=notice.status is NoticeStatus.DONE,
        chat_id=notice.progress_chat_id,
        message_id=notice.progress_message_id,
        created_by=notice.created_by,
    )
