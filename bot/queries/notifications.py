"""What a notification shows, read when it is sent (so it shows the data as it is then)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.metoo import households
from bot.queries.agenda import AgendaView, agenda_item
from bot.queries.hotspots import HotspotView, stored_views
from bot.services.lifecycle import deadline_of
from bot.services.tickets import intent_name
from intents import Catalogue
from storage.follower_repo import FollowerRepo
from storage.models import Area, Attachment, Resident, Staff, StaffRole, TicketEvent
from storage.repos import Repos
from storage.uow import unit_of_work


@dataclass(frozen=True)
class Card:
    """A ticket as a notification shows it."""

    id: int
    intent: str
    intent_name: str
    status: str
    priority: int
    emergency: bool
    grid: str | None
    grid_has_workers: bool
    resident_name: str
    address: str | None
    text: str
    respond_by: datetime | None
    deadline: datetime | None
    owner: str | None
    households: int = 1
    household_id: int | None = None
    """进百家门: the household a ticket was opened for (its person has no Telegram)."""
    household_phone: str | None = None


@dataclass(frozen=True)
class Media:
    """A photo (file id) or a location (coordinates) to send after a text."""

    kind: str
    file_id: str | None = None
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class Facts:
    """Everything the renderer of one notification may need."""

    kind: str
    params: dict[str, Any]
    ticket_id: int | None = None
    card: Card | None = None
    entry_text: str | None = None
    entry_name: str | None = None
    staff_name: str | None = None
    grid_name: str | None = None
    from_grid: str | None = None
    media: tuple[Media, ...] = ()
    cards: tuple[Card, ...] = field(default_factory=tuple)
    agenda: AgendaView | None = None
    hotspots: tuple[HotspotView, ...] = ()


class NotificationData:
    """Loads the facts of a notification in one read-only unit of work."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], catalogue: Catalogue) -> None:
        self._sessions = sessions
        self._catalogue = catalogue

    async def facts(self, kind: str, params: dict[str, Any], ticket_id: int | None) -> Facts:
        """The facts for this notification (missing things are simply absent)."""
        async with unit_of_work(self._sessions) as repos:
            card = await self._card(repos, ticket_id) if ticket_id is not None else None
            facts = Facts(kind, params, ticket_id, card=card)
            entry = await _get(repos, TicketEvent, params.get("event"))
            if entry is not None:
                data = entry.data or {}
                from_grid = await _area_name(repos, data.get("from_grid"))
                facts = _with(
                    facts, entry_text=entry.text, entry_name=data.get("name"), from_grid=from_grid
                )
            staff = await _get(repos, Staff, params.get("staff"))
            name = (staff.name or str(staff.telegram_id)) if staff else None
            facts = _with(facts, staff_name=name)
            facts = _with(facts, grid_name=await _area_name(repos, params.get("grid")))
            facts = _with(facts, media=await self._media(repos, kind, params, ticket_id))
            ids = params.get("tickets") or []
            cards = [await self._card(repos, int(i)) for i in ids]
            if isinstance(item := params.get("agenda"), int):
                facts = _with(facts, agenda=await agenda_item(repos, self._catalogue, item))
            if isinstance(spots := params.get("hotspots"), list):
                views = await stored_views(repos, self._catalogue, spots)
                facts = _with(facts, hotspots=views)
            return _with(facts, cards=tuple(c for c in cards if c is not None))

    async def _card(self, repos: Repos, ticket_id: int) -> Card | None:
        ticket = await repos.tickets.get(ticket_id)
        if ticket is None:
            return None
        resident = await repos.session.get(Resident, ticket.resident_id)
        grid = await repos.session.get(Area, ticket.grid_id) if ticket.grid_id else None
        owner = await repos.session.get(Staff, ticket.assignee_id) if ticket.assignee_id else None
        workers = await repos.staff.for_area(grid.id, StaffRole.WORKER) if grid else []
        followers = await FollowerRepo(repos.session).counts([ticket.id])
        household = None
        if resident is not None and resident.telegram_id < 0:  # a household's stand-in
            household = await repos.households.by_proxy(resident.id)
        return Card(
            id=ticket.id,
            intent=ticket.intent,
            intent_name=intent_name(self._catalogue, ticket.intent),
            status=ticket.status.value,
            priority=ticket.priority,
            emergency=ticket.emergency,
            grid=grid.name if grid else None,
            grid_has_workers=bool(workers),
            resident_name=resident.display_name if resident else "",
            address=resident.address if resident else None,
            text=ticket.text,
            respond_by=ticket.respond_by or ticket.created_at,
            deadline=deadline_of(ticket),
            owner=(owner.name or None) if owner else None,
            households=households(followers.get(ticket.id, 0)),
            household_id=household.id if household else None,
            household_phone=household.phone if household else None,
        )

    async def _media(
        self, repos: Repos, kind: str, params: dict[str, Any], ticket_id: int | None
    ) -> tuple[Media, ...]:
        if "attachment" in params:
            one = await _get(repos, Attachment, params["attachment"])
            return (_media(one),) if one is not None else ()
        if kind not in ("staff.dispatched", "staff.verify") or ticket_id is None:
            return ()
        stmt = select(Attachment).where(Attachment.ticket_id == ticket_id).order_by(Attachment.id)
        if kind == "staff.verify":  # 核查: the workers' photos of the work (issue 14)
            stmt = stmt.where(Attachment.staff_id.is_not(None))
        return tuple(_media(a) for a in (await repos.session.scalars(stmt)).all())


def _media(a: Attachment) -> Media:
    return Media(a.kind, a.file_id, a.latitude, a.longitude)


async def _get(repos: Repos, model: type[Any], key: Any) -> Any:
    return await repos.session.get(model, int(key)) if isinstance(key, int) else None


async def _area_name(repos: Repos, area_id: Any) -> str | None:
    area = await _get(repos, Area, area_id)
    return area.name if area is not None else None


def _with(facts: Facts, **changes: Any) -> Facts:
    return replace(facts, **changes)
