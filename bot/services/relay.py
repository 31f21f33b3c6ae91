"""Passing what a resident adds to an open ticket on to the worker who owns it."""

from __future__ import annotations

from typing import Protocol

from bot.domain.notifications import Kind
from bot.services.outbox import enqueue
from storage.models import Resident, Staff, Ticket
from storage.repos import Repos


class MediaLike(Protocol):
    """What relay needs to know of a photo or location."""

    @property
    def kind(self) -> str:
        """``photo`` or ``location``."""


async def relay(
    repos: Repos,
    ticket: Ticket,
    resident: Resident,
    text: str | None,
    media: MediaLike | None = None,
) -> None:
    """Tell the owner (if any) of the resident's newest message or attachment on the ticket.

    The notification names the history entry or attachment; it is rendered when sent."""
    if ticket.assignee_id is None:
        return
    owner = await repos.session.get(Staff, ticket.assignee_id)
    if owner is None:
        return
    await repos.tickets.flush()  # the entry just written gets its id
    if text is not None:
        entry = await repos.tickets.latest_event(ticket.id, "message")
        if entry is not None:
            params = {"event": entry.id}
            enqueue(repos, owner.telegram_id, Kind.RELAY, ticket_id=ticket.id, params=params)
        return
    if media is None:
        return
    attachment = await repos.tickets.latest_attachment(ticket.id, media.kind)
    if attachment is not None:
        kind = Kind.RELAY_PHOTO if media.kind == "photo" else Kind.RELAY_LOCATION
        enqueue(
            repos,
            owner.telegram_id,
            kind,
            ticket_id=ticket.id,
            params={"attachment": attachment.id},
        )


__all__ = ["relay"]
