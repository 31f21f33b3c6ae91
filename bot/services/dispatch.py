"""派单: a new (or transferred) ticket goes to every worker of its grid, with its details.

If the grid has no worker, the community's admins get it (then wider admins, then the
admins named in the settings). Emergencies also go to the admins at once.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime, tzinfo

from bot.chat.views import texts
from bot.services.outbox import enqueue, inline
from bot.services.scope import admins_over
from bot.services.tickets import intent_name
from intents import Catalogue
from storage.models import (
    ActorKind,
    Area,
    Attachment,
    Resident,
    StaffRole,
    Ticket,
    TicketEvent,
    TicketStatus,
)
from storage.repos import Repos

PREVIEW = 300


def esc(value: str | None, limit: int = PREVIEW) -> str:
    """Escape user text for HTML, shortened."""
    value = value or ""
    return html.escape(value if len(value) <= limit else value[:limit] + "…", quote=False)


def ticket_buttons(ticket_id: int) -> dict[str, object]:
    """接单 / 转派 / 详情 under a dispatch notice."""
    return inline(
        [
            [(texts.BTN_TAKE, f"w:take:{ticket_id}"), (texts.BTN_TRANSFER, f"w:tr:{ticket_id}")],
            [(texts.BTN_DETAIL, f"w:show:{ticket_id}")],
        ]
    )


class Dispatcher:
    """Sends tickets to the people who must act on them."""

    def __init__(self, catalogue: Catalogue, admin_ids: frozenset[int], tz: tzinfo) -> None:
        self._catalogue = catalogue
        self._admin_ids = admin_ids
        self._tz = tz

    async def dispatch(
        self,
        repos: Repos,
        ticket: Ticket,
        now: datetime,
        *,
        prefix: str = "",
        tell_resident: bool = True,
        files: Sequence[Attachment] | None = None,
    ) -> None:
        """Notify the grid's workers (or admins), mark the ticket 已派单, tell the resident.

        ``files``: the ticket's attachments when the caller has them (saves a query)."""
        grid = await repos.session.get(Area, ticket.grid_id) if ticket.grid_id else None
        if grid is not None:
            ticket.grid = grid  # keeps it in the session for the reply that follows
        workers = await repos.staff.for_area(grid.id, StaffRole.WORKER) if grid else []
        recipients = [w.telegram_id for w in workers]
        flag = texts.NOTICE_URGENT_FLAG if ticket.emergency else ""
        if not recipients:
            flag += texts.NOTICE_NO_WORKER.format(grid=esc(grid.name if grid else ""))
            recipients = await self.admins(repos, grid)
        elif ticket.emergency:
            admins = await self.admins(repos, grid)
            recipients += [a for a in admins if a not in recipients]
        if files is None:
            files = await repos.tickets.attachments(ticket.id)
        text = prefix + await self.notice(repos, ticket, grid, flag, files)
        for chat_id in recipients:
            await enqueue(
                repos, chat_id, text, markup=ticket_buttons(ticket.id), ticket_id=ticket.id
            )
            await self._attachments(repos, chat_id, ticket, files)
        ticket.status, ticket.updated_at = TicketStatus.ASSIGNED, now
        repos.tickets.add_event(
            TicketEvent(
                ticket_id=ticket.id,
                at=now,
                actor_kind=ActorKind.SYSTEM,
                kind="dispatched",
                data={"grid": grid.code if grid else None, "recipients": len(recipients)},
            )
        )
        resident = await repos.session.get(Resident, ticket.resident_id)
        if resident is not None and tell_resident:
            grid_name = esc(grid.name if grid else "")
            message = texts.RESIDENT_DISPATCHED.format(id=ticket.id, grid=grid_name)
            await enqueue(repos, resident.telegram_id, message, ticket_id=ticket.id)

    async def admins(self, repos: Repos, grid: Area | None) -> list[int]:
        """Admins over a grid; the settings' admins when nobody oversees it."""
        found = await admins_over(repos, grid.id if grid else None)
        return found or sorted(self._admin_ids)

    async def notice(
        self,
        repos: Repos,
        ticket: Ticket,
        grid: Area | None,
        flag: str,
        files: Sequence[Attachment],
    ) -> str:
        """The dispatch notice text: number, category, text, address, attachments, priority."""
        resident = await repos.session.get(Resident, ticket.resident_id)
        photos = sum(a.kind == "photo" for a in files)
        locations = sum(a.kind == "location" for a in files)
        attachments = (
            texts.NOTICE_ATTACHMENTS.format(photos=photos, locations=locations) if files else ""
        )
        respond_by = ticket.respond_by or ticket.created_at
        return texts.NOTICE_DISPATCH.format(
            flag=flag,
            id=ticket.id,
            priority=texts.PRIORITY_NAMES.get(ticket.priority, str(ticket.priority)),
            intent=esc(intent_name(self._catalogue, ticket.intent)),
            grid=esc(grid.name if grid else texts.NOT_SET),
            name=esc(resident.display_name if resident else ""),
            address=esc(resident.address if resident and resident.address else texts.NOT_SET),
            text=esc(ticket.text),
            attachments=attachments,
            respond_by=respond_by.astimezone(self._tz).strftime("%m-%d %H:%M"),
        )

    async def _attachments(
        self, repos: Repos, chat_id: int, ticket: Ticket, files: Sequence[Attachment]
    ) -> None:
        for a in files:
            caption = f"#{ticket.id}"
            if a.kind == "photo" and a.file_id:
                await enqueue(
                    repos, chat_id, caption, kind="photo", photo=a.file_id, ticket_id=ticket.id
                )
            elif a.kind == "location" and a.latitude is not None and a.longitude is not None:
                payload = {"latitude": a.latitude, "longitude": a.longitude}
                await enqueue(
                    repos, chat_id, caption, kind="location", payload=payload, ticket_id=ticket.id
                )
