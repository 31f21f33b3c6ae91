"""Who a notification's audience is, in chats: the resident, the owner, the grid's workers
(or the admins over the grid when it has none; emergencies go to both)."""

from __future__ import annotations

from sqlalchemy import select

from bot.domain.notifications import Audience
from bot.services.scope import admins_over
from storage.follower_repo import FollowerRepo
from storage.models import ActorKind, Resident, Staff, StaffRole, Ticket, TicketEvent
from storage.repos import Repos


class Audiences:
    """Resolves audiences to Telegram chat ids inside a unit of work."""

    def __init__(self, admin_ids: frozenset[int]) -> None:
        self._admin_ids = admin_ids

    async def resolve(self, repos: Repos, ticket: Ticket, audience: Audience) -> list[int]:
        """The chats of this audience for this ticket (may be empty)."""
        if audience is Audience.RESIDENT:
            resident = await repos.session.get(Resident, ticket.resident_id)
            return [resident.telegram_id] if resident and resident.telegram_id > 0 else []
        if audience is Audience.OWNER:
            owner = (
                await repos.session.get(Staff, ticket.assignee_id) if ticket.assignee_id else None
            )
            return [owner.telegram_id] if owner is not None else []
        if audience is Audience.HANDLERS:
            return await self.handlers(repos, ticket)
        if audience in (Audience.CHECKERS, Audience.ADMINS, Audience.CHECK_ADMINS):
            return await self._review(repos, ticket, audience)
        if audience is Audience.HOUSEHOLD_STAFF:
            return await self.for_household(repos, ticket, None)
        if audience is Audience.FOLLOWERS:
            return await FollowerRepo(repos.session).chats(ticket.id)
        return await self.dispatch(repos, ticket)

    async def for_household(self, repos: Repos, ticket: Ticket, actor: int | None) -> list[int]:
        """For a ticket opened on a household's behalf (its resident is a stand-in, never
        messaged): the staff who opened it and its owner now, except whoever acted."""
        resident = await repos.session.get(Resident, ticket.resident_id)
        if resident is None or resident.telegram_id > 0:
            return []
        if await repos.households.by_proxy(resident.id) is None:  # a forgotten resident
            return []
        first_taken = (
            select(TicketEvent.actor_id)
            .where(TicketEvent.ticket_id == ticket.id, TicketEvent.kind == "accepted")
            .where(TicketEvent.actor_kind == ActorKind.STAFF)
            .order_by(TicketEvent.id)
            .limit(1)
        )
        opener = (await repos.session.scalars(first_taken)).first()
        chats = [opener] if opener is not None else []
        chats += [c for c in await self.resolve(repos, ticket, Audience.OWNER) if c not in chats]
        return [c for c in chats if c != actor]

    async def _review(self, repos: Repos, ticket: Ticket, audience: Audience) -> list[int]:
        """核查: the grid's workers and its admins but the doer; 延期/申诉: its admins but the
        owner (issue 14). Nobody left (the doer is the grid's only admin): the settings admins."""
        checking = audience in (Audience.CHECKERS, Audience.CHECK_ADMINS)
        doer_id = ticket.resolver_id if checking else ticket.assignee_id
        doer = await repos.session.get(Staff, doer_id) if doer_id else None
        mine = doer.telegram_id if doer is not None else None
        chats = []
        if audience is Audience.CHECKERS and ticket.grid_id is not None:
            workers = await repos.staff.for_area(ticket.grid_id, StaffRole.WORKER)
            chats = [w.telegram_id for w in workers if w.telegram_id != mine]
        admins = [a for a in await self.admins(repos, ticket.grid_id) if a != mine]
        if not admins:  # the doer is the grid's only admin: the settings admins (GRIDBOT_ADMIN_IDS)
            admins = [a for a in sorted(self._admin_ids) if a != mine]
        return chats + [a for a in admins if a not in chats]

    async def dispatch(self, repos: Repos, ticket: Ticket) -> list[int]:
        """The grid's workers; the admins when it has none; both for an emergency."""
        workers = (
            await repos.staff.for_area(ticket.grid_id, StaffRole.WORKER) if ticket.grid_id else []
        )
        chats = [w.telegram_id for w in workers]
        if not chats or ticket.emergency:
            chats += [a for a in await self.admins(repos, ticket.grid_id) if a not in chats]
        return chats

    async def workers(self, repos: Repos, ticket: Ticket) -> list[int]:
        """The owner of an accepted ticket, else the grid's workers."""
        if ticket.status.value == "accepted" and ticket.assignee_id is not None:
            return await self.resolve(repos, ticket, Audience.OWNER)
        if ticket.grid_id is None:
            return []
        return [s.telegram_id for s in await repos.staff.for_area(ticket.grid_id, StaffRole.WORKER)]

    async def handlers(self, repos: Repos, ticket: Ticket) -> list[int]:
        """The owner (whatever the status now); else whoever its dispatch reached."""
        if ticket.assignee_id is not None:
            return await self.resolve(repos, ticket, Audience.OWNER)
        return await self.dispatch(repos, ticket)

    async def admins(self, repos: Repos, grid_id: int | None) -> list[int]:
        """Admins over a grid; the settings' admins when nobody oversees it."""
        return await admins_over(repos, grid_id) or sorted(self._admin_ids)
