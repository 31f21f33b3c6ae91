"""Requests filed through the open API (Open311 POST): a ticket on behalf of a resident or a
12345 platform, opened and dispatched (派单) as a chat report is, in one unit of work.

The ticket belongs to the key's own resident row (no chat: nobody is messaged as its
resident); the grid's workers — or admins, and for an emergency both — are notified as usual.
Personal details an integration sends (names, phones, addresses) are never stored.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain import policy
from bot.services.api_keys import ApiClient
from bot.services.dispatch import Dispatcher
from bot.services.errors import InvalidInput, NotFound
from bot.services.report_filing import MAX_TEXT
from bot.services.report_types import MatcherSource
from bot.services.tickets import OTHER, Clock, open_ticket, resident_event
from storage.models import Area, AreaLevel, Attachment, Resident
from storage.repos import Repos
from storage.uow import unit_of_work

log = logging.getLogger(__name__)

# What a description must contain: a letter, digit or Chinese character (the OpenAPI
# document says the same with this very pattern, so the two always agree).
DESCRIPTION_PATTERN = "[0-9A-Za-z_\u4e00-\u9fff]"
_DESCRIPTION = re.compile(DESCRIPTION_PATTERN)
GRID_LEVELS = (AreaLevel.GRID, AreaLevel.MICRO_GRID)


@dataclass(frozen=True)
class Submission:
    """An Open311 POST: the service (category), the words, optionally the grid and a place."""

    service_code: str
    description: str
    grid: str | None = None
    lat: float | None = None
    long: float | None = None


class OpenRequestService:
    """Files requests that arrive through the open API."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        intents: MatcherSource,
        dispatcher: Dispatcher,
        clock: Clock,
    ) -> None:
        self._sessions = sessions
        self._intents = intents
        self._dispatcher = dispatcher
        self._clock = clock

    def service_codes(self) -> list[str]:
        """Every service code: the catalogue's categories, then ``other``."""
        return [*self._intents.catalogue.keys, OTHER]

    async def create(self, client: ApiClient, submission: Submission) -> int:
        """Open, dispatch and return the id of a ticket for this submission."""
        description = submission.description.strip()
        if submission.service_code not in self.service_codes():
            raise InvalidInput("unknown service_code")
        if len(submission.description) > MAX_TEXT or not _DESCRIPTION.search(description):
            raise InvalidInput("description must say something, in at most 4000 characters")
        emergency = self._intents.matcher.classify(description).emergency
        now = self._clock()
        async with unit_of_work(self._sessions) as repos:
            grid = await _grid(repos, client, submission.grid)
            resident = await repos.session.get(Resident, client.resident_id)
            if resident is None:
                raise NotFound("integration")
            ticket = await open_ticket(
                repos,
                self._intents.catalogue,
                resident,
                submission.service_code,
                description,
                now,
                emergency=emergency,
                data={"api_key": client.integration.key_id},
            )
            ticket.grid_id = grid.id
            if submission.lat is not None and submission.long is not None:
                repos.tickets.add_attachment(
                    Attachment(
                        ticket_id=ticket.id,
                        kind="location",
                        latitude=submission.lat,
                        longitude=submission.long,
                        created_at=now,
                    )
                )
                repos.tickets.add_event(resident_event(ticket, resident, "location", now))
            await self._dispatcher.dispatch(repos, ticket, now, tell_resident=False)
            log.info("ticket %d filed through api key %d", ticket.id, client.integration.key_id)
            return ticket.id


async def _grid(repos: Repos, client: ApiClient, code: str | None) -> Area:
    """The grid named (inside the key's areas), else the key's only or default grid."""
    if code is not None:
        area = await repos.areas.by_code(code)
        if area is None or area.level not in GRID_LEVELS:
            raise NotFound("grid")
        policy.require_integration_may_file(client.integration, area.id)
        return area
    grids = sorted(client.integration.grids)
    if len(grids) == 1:
        only = await repos.areas.get(grids[0])
        assert only is not None
        return only
    for default in await _defaults(repos, client.area_ids):
        if client.integration.covers(default.id):
            return default
    raise InvalidInput("grid: the key covers several grids; name one")


async def _defaults(repos: Repos, area_ids: Sequence[int]) -> list[Area]:
    """The default grids directly below the key's areas (a community's 不清楚 grid)."""
    found = []
    for area_id in area_ids:
        found += [a for a in await repos.areas.children(area_id) if a.is_default]
    return found
