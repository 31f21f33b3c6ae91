"""我也遇到: a resident joins a neighbour's open ticket of the same problem, or files
their own; followers rate the ticket they follow when it is done.

A follower's words are kept on the ticket as a ``metoo`` history entry (staff see it; the
ticket's own resident does not), their photos as its attachments. Each call is one unit of
work.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain import events as ev
from bot.domain import metoo
from bot.domain import tickets as lifecycle
from bot.domain.conversation import Media
from bot.domain.errors import Forbidden, NotFound
from bot.domain.notifications import Kind
from bot.services.audience import Audiences
from bot.services.conversation import retrying, save
from bot.services.lifecycle import Who, record
from bot.services.outbox import enqueue
from bot.services.report_filing import Filing
from bot.services.report_intake import Intake, registered_intake
from bot.services.report_types import Outcome
from bot.services.tickets import ticket_view
from bot.services.views import Clock, TicketView
from intents import Catalogue
from storage.follower_repo import FollowerRepo
from storage.models import (
    OPEN_STATUSES,
    ActorKind,
    Attachment,
    Ticket,
    TicketEvent,
    TicketFollower,
    TicketStatus,
)
from storage.repos import Repos
from storage.uow import unit_of_work

log = logging.getLogger(__name__)

DEFAULT_THRESHOLD = 3


@dataclass(frozen=True)
class Joined:
    """The resident follows the ticket now (``already``: they did before)."""

    ticket: TicketView
    households: int
    already: bool = False


async def follow(
    repos: Repos,
    ticket: Ticket,
    resident_id: int,
    via: str,
    now: datetime,
) -> TicketFollower | None:
    """Make the resident a follower of the ticket (None if they are its resident or
    already follow it)."""
    follows = FollowerRepo(repos.session)
    if ticket.resident_id == resident_id or await follows.get(ticket.id, resident_id):
        return None
    follower = TicketFollower(ticket_id=ticket.id, resident_id=resident_id, via=via, joined_at=now)
    follows.add(follower)
    return follower


async def count_households(repos: Repos, ticket: Ticket) -> int:
    """The households a ticket speaks for now (staged follows included)."""
    await repos.session.flush()
    counts = await FollowerRepo(repos.session).counts([ticket.id])
    return metoo.households(counts.get(ticket.id, 0))


class MeTooService:
    """我也遇到 / 这是另一件事 under an offer, and followers' ratings."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        catalogue: Catalogue,
        filing: Filing,
        audiences: Audiences,
        clock: Clock,
        threshold: int = DEFAULT_THRESHOLD,
    ) -> None:
        self._sessions = sessions
        self._catalogue = catalogue
        self._filing = filing
        self._audiences = audiences
        self._clock = clock
        self._threshold = threshold

    @retrying
    async def join(self, telegram_id: int, ticket_id: int) -> Joined | Outcome:
        """我也遇到: follow the ticket, with the words and photos kept for it; a ticket
        closed meanwhile gets the resident's own new ticket instead."""
        async with unit_of_work(self._sessions) as repos:
            intake = await registered_intake(repos, telegram_id)
            ticket = await repos.tickets.get(ticket_id, for_update=True)
            if ticket is None or ticket.grid_id != intake.resident.grid_id:
                raise NotFound("ticket")
            result: Joined | Outcome
            if ticket.status not in OPEN_STATUSES:
                result = await self._file(repos, intake, ticket.intent)
            else:
                result = await self._join(repos, intake, ticket)
            await save(repos, intake.loaded)
            return result

    async def _join(self, repos: Repos, intake: Intake, ticket: Ticket) -> Joined:
        now, resident = self._clock(), intake.resident
        report = intake.state.report
        follower = await follow(repos, ticket, resident.id, "metoo", now)
        if follower is not None:
            files = [_attachment(ticket, m, now) for m in report.media]
            for a in files:
                repos.tickets.add_attachment(a)
            n = await count_households(repos, ticket)
            follower.attachment_ids = [a.id for a in files] or None
            ticket.priority = metoo.raised_priority(ticket.priority, n, self._threshold)
            who = Who(ActorKind.RESIDENT, resident.telegram_id)
            events: list[ev.Event] = [ev.MeToo(ticket.id, now, n, resident.id)]
            [row] = await record(repos, ticket, events, who, self._audiences)
            row.text = report.text or None
            log.info("resident %d joined ticket %d (%d households)", resident.id, ticket.id, n)
        else:
            n = await count_households(repos, ticket)
        intake.filed(None)
        view = await ticket_view(repos, self._catalogue, ticket)
        return Joined(view, n, already=follower is None)

    @retrying
    async def separate(self, telegram_id: int, ticket_id: int) -> Outcome:
        """这是另一件事: file the kept message as a new ticket of the offered category."""
        async with unit_of_work(self._sessions) as repos:
            intake = await registered_intake(repos, telegram_id)
            ticket = await repos.tickets.get(ticket_id)
            if ticket is None:
                raise NotFound("ticket")
            outcome = await self._file(repos, intake, ticket.intent)
            await save(repos, intake.loaded)
            return outcome

    async def _file(self, repos: Repos, intake: Intake, key: str) -> Outcome:
        text = intake.state.report.text
        if not text:
            raise Forbidden("nothing kept to file")
        return await self._filing.act(repos, intake, key, text, False, offer=False)

    async def rate(self, telegram_id: int, ticket_id: int, code: str) -> str:
        """A follower's rating of the ticket they follow, once; the rating recorded."""
        if code not in lifecycle.RATINGS and code != lifecycle.NOT_SOLVED:
            raise NotFound(code)
        rating = lifecycle.RATINGS.get(code, "unsolved")
        now = self._clock()
        async with unit_of_work(self._sessions) as repos:
            resident = await repos.residents.by_telegram_id(telegram_id)
            ticket = await repos.tickets.get(ticket_id)
            follows = FollowerRepo(repos.session)
            follower = await follows.get(ticket_id, resident.id) if resident else None
            if ticket is None or follower is None or resident is None:
                raise NotFound("ticket")
            if follower.rating is not None:
                raise Forbidden("already rated")
            if ticket.status not in (TicketStatus.RESOLVED, TicketStatus.CLOSED):
                raise Forbidden("not done")
            follower.rating, follower.rated_at = rating, now
            repos.tickets.add_event(_rated(ticket, resident.telegram_id, rating, now))
            if code == lifecycle.NOT_SOLVED:  # the handlers look again; the ticket stays
                for chat in await self._audiences.handlers(repos, ticket):
                    enqueue(repos, chat, Kind.FOLLOWER_UNSOLVED, ticket_id=ticket.id)
            return rating


def _attachment(ticket: Ticket, media: Media, now: datetime) -> Attachment:
    return Attachment(
        ticket_id=ticket.id,
        kind=media.kind,
        file_id=media.file_id,
        file_unique_id=media.file_unique_id,
        latitude=media.latitude,
        longitude=media.longitude,
        media_group_id=media.media_group_id,
        created_at=now,
    )


def _rated(ticket: Ticket, chat: int, rating: str, now: datetime) -> TicketEvent:
    return TicketEvent(
        ticket_id=ticket.id,
        at=now,
        actor_kind=ActorKind.RESIDENT,
        actor_id=chat,
        kind="follower_rated",
        data={"rating": rating},
        visible_to_resident=False,
    )
