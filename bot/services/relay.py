"""Passing what a resident adds to an open ticket on to the worker who owns it.

Relays are batched: while a relay to the same chat about the same ticket is still waiting
to be sent (not leased, nothing of it sent yet), a newer message or attachment is counted
on that one (``more``) instead of ringing the worker's phone again; the renderer says how
many more there are, and every entry stays in the ticket's history.
"""

from __future__ import annotations

from typing import Protocol

from sqlalchemy import select

from bot.domain.notifications import Kind
from bot.services.outbox import enqueue
from storage.models import OutboxMessage, OutboxStatus, Resident, Staff, Ticket
from storage.repos import Repos

RELAY_KINDS = (Kind.RELAY.value, Kind.RELAY_PHOTO.value, Kind.RELAY_LOCATION.value)


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
    if await _coalesced(repos, owner.telegram_id, ticket.id):
        return
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


async def _coalesced(repos: Repos, chat_id: int, ticket_id: int) -> bool:
    """Count one more entry on a relay still waiting for this chat and ticket, if any.

    The row is locked (PostgreSQL), so a sender cannot lease it before this commits; one
    leased already is not waiting any more, and a new relay is enqueued instead."""
    stmt = (
        select(OutboxMessage)
        .where(
            OutboxMessage.chat_id == chat_id,
            OutboxMessage.ticket_id == ticket_id,
            OutboxMessage.kind.in_(RELAY_KINDS),
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.lease_until.is_(None),
            OutboxMessage.parts_sent == 0,
        )
        .order_by(OutboxMessage.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    waiting = (await repos.session.scalars(stmt)).first()
    if waiting is None:
        return False
    params = dict(waiting.params or {})
    params["more"] = int(params.get("more") or 0) + 1
    waiting.params = params  # a new dict: the JSON column sees the change
    return True


__all__ = ["relay"]
