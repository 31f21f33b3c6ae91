"""我也遇到: the open ticket of a neighbour a new report of a shared kind is offered to join."""

from __future__ import annotations

from bot.domain import metoo
from bot.services.broadcast_audience import building_of
from storage.follower_repo import FollowerRepo
from storage.models import Resident, Ticket
from storage.repos import Repos


async def offer_for(repos: Repos, resident: Resident, key: str) -> tuple[Ticket, int] | None:
    """Another resident's open ticket of this category in the resident's grid (their building
    first), with the households it speaks for; None when there is none to offer."""
    if resident.grid_id is None:
        return None
    follows = FollowerRepo(repos.session)
    rows = await follows.open_nearby(key, resident.grid_id)
    if not rows:
        return None
    mine = {f.ticket_id for f in await follows.of_resident(resident.id)}
    building = building_of(resident.address)
    candidates = [
        metoo.Candidate(
            ticket_id=t.id,
            resident_id=t.resident_id,
            same_building=building is not None and building_of(owner.address) == building,
            followed_by_reporter=t.id in mine,
            created_at=t.created_at,
        )
        for t, owner in rows
    ]
    chosen = metoo.offer(resident.id, candidates)
    if chosen is None:
        return None
    ticket = next(t for t, _ in rows if t.id == chosen.ticket_id)
    counts = await follows.counts([ticket.id])
    return ticket, metoo.households(counts.get(ticket.id, 0))
