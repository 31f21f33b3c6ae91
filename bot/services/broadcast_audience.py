"""A notice's audience and the shapes an admin sees: drafts, progress, reports.

Shared by ``broadcast`` (drafts, sending, receipts) and ``broadcast_dialogue`` (the
/broadcast dialogue, stored per chat). Everything here runs in the caller's unit of work.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from bot.domain.conversation import Scope
from bot.services.errors import Forbidden, InvalidInput, NotFound
from bot.services.scope import GRID_LEVELS, Actor, actor, grids_below
from storage.models import Area, AreaLevel, DeliveryStatus, Notice, NoticeStatus, StaffRole
from storage.notice_repos import DeliveryRepo, Recipient
from storage.notice_repos import Unconfirmed as Unconfirmed
from storage.repos import Repos

log = logging.getLogger(__name__)

MAX_TEXT = 3500
MAX_CAPTION = 900
MAX_BUILDING = 50


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


async def areas_by_id(repos: Repos) -> dict[int, Area]:
    """Every area by id."""
    return {a.id: a for a in (await repos.session.scalars(select(Area))).all()}


async def notice_area(repos: Repos, notice: Notice) -> Area | None:
    """The area a notice was scoped to, if any."""
    if notice.scope_area_id is None:
        return None
    return await repos.session.get(Area, notice.scope_area_id)


async def oversees(repos: Repos, who: Actor, area: Area | None) -> bool:
    """Whether the actor oversees every grid below ``area``."""
    if who.grid_ids is None:
        return True
    if area is None:
        return False
    return frozenset(grids_below(await areas_by_id(repos), area.id)) <= who.grid_ids


async def resolve(
    repos: Repos, who: Actor, audience: Audience
) -> tuple[Area | None, list[Recipient]]:
    """The audience's area and its recipients; refused outside the admin's areas."""
    notices = repos.notices
    if audience.scope is Scope.ALL:
        return None, await notices.recipients(who.grid_ids)
    area = await repos.areas.by_code(audience.area_code or "")
    if area is None:
        raise NotFound(audience.area_code or "")
    if audience.scope is Scope.GRID and area.level not in GRID_LEVELS:
        raise NotFound(area.code)
    if audience.scope is not Scope.GRID and area.level in GRID_LEVELS:
        raise NotFound(area.code)
    grids = frozenset(grids_below(await areas_by_id(repos), area.id))
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


def draft_of(notice: Notice, area: Area | None) -> Draft:
    """A notice as the admin previews it."""
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


async def admin(repos: Repos, telegram_id: int, admin_ids: frozenset[int]) -> Actor:
    """The actor, who must be an admin."""
    who = await actor(repos, telegram_id, admin_ids)
    if who.role is not StaffRole.ADMIN:
        raise Forbidden("not an admin")
    return who


async def save_draft(
    repos: Repos,
    who: Actor,
    audience: Audience,
    text: str,
    photo: str | None,
    needs_ack: bool,
    now: datetime,
) -> Draft:
    """Save a notice to preview, with the number of residents it would reach now."""
    text = check_text(text, photo)
    area, recipients = await resolve(repos, who, audience)
    notice = Notice(
        created_by=who.staff.telegram_id,
        scope_kind=audience.scope.value,
        scope_area_id=area.id if area else None,
        scope_text=audience.building,
        text=text,
        photo_file_id=photo,
        needs_ack=needs_ack,
        status=NoticeStatus.DRAFT,
        recipients=len(recipients),
        created_at=now,
    )
    repos.notices.add(notice)
    await repos.session.flush()
    log.info("admin %d drafted notice %d for %d", who.staff.telegram_id, notice.id, len(recipients))
    return draft_of(notice, area)


async def communities_of(repos: Repos, who: Actor) -> list[tuple[int, str]]:
    """Communities (id, name) all of whose grids this admin oversees."""
    areas = await areas_by_id(repos)
    found = []
    for area in await repos.areas.by_level(AreaLevel.COMMUNITY):
        grids = frozenset(grids_below(areas, area.id))
        if grids and (who.grid_ids is None or grids <= who.grid_ids):
            found.append((area.id, area.name))
    return found


async def grids_of(repos: Repos, who: Actor, community_id: int) -> list[tuple[int, str]]:
    """Grids (id, name) of one community that this admin oversees."""
    return [
        (g.id, g.name)
        for g in await repos.areas.children(community_id)
        if g.level in GRID_LEVELS and who.covers(g.id)
    ]
