"""派单: a new ticket goes to every worker of its grid (the card is rendered when sent).

If the grid has no worker, the community's admins get it (then wider admins, then the
admins named in the settings). Emergencies also go to the admins at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.domain import tickets as lifecycle
from bot.domain.notifications import Kind
from bot.services.audience import Audiences
from bot.services.lifecycle import SYSTEM, record, state_of
from storage.models import Attachment, Ticket
from storage.repos import Repos


class Dispatcher:
    """Sends tickets to the people who must act on them."""

    def __init__(self, audiences: Audiences) -> None:
        self._audiences = audiences

    @property
    def audiences(self) -> Audiences:
        """Who is told what (shared with other steps of a report's unit of work)."""
        return self._audiences

    async def dispatch(
        self,
        repos: Repos,
        ticket: Ticket,
        now: datetime,
        *,
        tell_resident: bool = True,
        files: Sequence[Attachment] | None = None,
    ) -> None:
        """Mark the ticket 已派单 and notify the grid's workers (or admins), and the resident.

        ``files`` is accepted for callers that have the attachments at hand; the card
        and its photos are read when the notification is sent."""
        del files
        events = lifecycle.dispatch(state_of(ticket), now)
        skip = frozenset() if tell_resident else frozenset({Kind.RESIDENT_DISPATCHED})
        await record(repos, ticket, events, SYSTEM, self._audiences, skip=skip)

    async def admins(self, repos: Repos, grid_id: int | None) -> list[int]:
        """Admins over a grid; the settings' admins when nobody oversees it."""
        return await self._audiences.admins(repos, grid_id)
