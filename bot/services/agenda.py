"""每月一题: an admin raises a hotspot as the month's agenda item, invites the residents it
affects (我要参加 / 我有建议), collects their suggestions and announces the outcome to them.

The invitation and the outcome go out through the outbox (kinds ``resident.agenda_invite``
and ``resident.agenda_outcome``, ids only), so delivery is retried, ordered per chat and
skips residents who blocked the bot. Each call is one unit of work; every step is audited.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta, tzinfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain import agenda, policy
from bot.domain.errors import InvalidInput, NotFound
from bot.domain.notifications import Kind
from bot.services import audit
from bot.services.outbox import enqueue
from bot.services.scope import Actor, actor
from bot.services.views import Clock
from storage.follower_repo import FollowerRepo
from storage.models import AgendaItem, AgendaReply, Resident, Ticket
from storage.repos import Repos
from storage.uow import unit_of_work

log = logging.getLogger(__name__)

MAX_SUGGESTION = 1000
SUGGESTION_WAIT = timedelta(hours=24)


@dataclass(frozen=True)
class Spot:
    """The hotspot to raise, as /hotspots found it."""

    kind: str
    intent: str
    grid_id: int | None
    building: str | None
    tickets: tuple[int, ...]


class AgendaService:
    """Raising, inviting, replies and suggestions, announcing."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        admin_ids: frozenset[int],
        clock: Clock,
        tz: tzinfo,
    ) -> None:
        self._sessions = sessions
        self._admin_ids = admin_ids
        self._clock = clock
        self._tz = tz

    async def raise_item(self, telegram_id: int, spot: Spot) -> int:
        """列入每月一题: a new agenda item of this month (or the open one for the same spot)."""
        now = self._clock()
        async with unit_of_work(self._sessions) as repos:
            me = await actor(repos, telegram_id, self._admin_ids)
            policy.require_may_run_agenda(me.domain(), spot.grid_id)
            month = agenda.month_of(now, self._tz)
            stmt = select(AgendaItem).where(
                AgendaItem.month == month,
                AgendaItem.kind == spot.kind,
                AgendaItem.intent == spot.intent,
                AgendaItem.grid_id == spot.grid_id,
                AgendaItem.status != agenda.Stage.ANNOUNCED.value,
            )
            for same in (await repos.session.scalars(stmt)).all():
                if same.building == spot.building:
                    return same.id
            item = AgendaItem(
                created_by=telegram_id,
                month=month,
                kind=spot.kind,
                intent=spot.intent,
                grid_id=spot.grid_id,
                building=spot.building,
                tickets=list(spot.tickets),
                status=agenda.Stage.RAISED.value,
                created_at=now,
            )
            repos.session.add(item)
            await repos.session.flush()
            audit.record(repos, telegram_id, me.role.value, "agenda.raise", agenda=item.id)
            return item.id

    async def invite(self, telegram_id: int, item_id: int) -> int:
        """Send the invitation to every resident the item's tickets concern; how many."""
        now = self._clock()
        async with unit_of_work(self._sessions) as repos:
            me, item = await self._item(repos, telegram_id, item_id)
            residents = await _affected(repos, [int(t) for t in item.tickets])
            item.status = agenda.invite(item.id, agenda.Stage(item.status), len(residents)).value
            item.invited_at = now
            for resident in residents:
                repos.session.add(
                    AgendaReply(item_id=item.id, resident_id=resident.id, invited_at=now)
                )
                enqueue(repos, resident.telegram_id, Kind.AGENDA_INVITE, params={"agenda": item.id})
            audit.record(
                repos,
                telegram_id,
                me.role.value,
                "agenda.invite",
                agenda=item.id,
                residents=len(residents),
            )
            return len(residents)

    async def announce(self, telegram_id: int, item_id: int, outcome: str) -> int:
        """Tell every invited resident the outcome; how many."""
        now = self._clock()
        async with unit_of_work(self._sessions) as repos:
            me, item = await self._item(repos, telegram_id, item_id)
            item.status = agenda.announce(item.id, agenda.Stage(item.status), outcome).value
            item.outcome, item.announced_at = outcome.strip(), now
            chats = await _invited_chats(repos, item.id)
            for chat in chats:
                enqueue(repos, chat, Kind.AGENDA_OUTCOME, params={"agenda": item.id})
            audit.record(repos, telegram_id, me.role.value, "agenda.announce", agenda=item.id)
            return len(chats)

    async def _item(self, repos: Repos, telegram_id: int, item_id: int) -> tuple[Actor, AgendaItem]:
        me = await actor(repos, telegram_id, self._admin_ids)
        item = await repos.session.get(AgendaItem, item_id, with_for_update=True)
        if item is None:
            raise NotFound("agenda item")
        policy.require_may_run_agenda(me.domain(), item.grid_id)
        return me, item

    async def reply(self, telegram_id: int, item_id: int, *, joining: bool) -> AgendaReply:
        """我要参加 (``joining``) or 我有建议 (the next message is the suggestion)."""
        now = self._clock()
        async with unit_of_work(self._sessions) as repos:
            answer = await _reply(repos, telegram_id, item_id)
            item = await repos.session.get(AgendaItem, item_id)
            if item is None or item.status != agenda.Stage.INVITED.value:
                raise InvalidInput("not open for replies")
            if joining:
                answer.joining = True
            else:
                answer.awaiting_since = now
            answer.answered_at = now
            return answer

    async def suggestion(self, telegram_id: int, text: str) -> int | None:
        """The resident's message after 我有建议: kept as the suggestion; the item's id, or
        None when they are not writing one (the message is an ordinary report)."""
        now = self._clock()
        async with unit_of_work(self._sessions) as repos:
            stmt = (
                select(AgendaReply)
                .join(Resident, Resident.id == AgendaReply.resident_id)
                .where(
                    Resident.telegram_id == telegram_id,
                    AgendaReply.awaiting_since >= now - SUGGESTION_WAIT,
                )
                .order_by(AgendaReply.awaiting_since.desc())
                .limit(1)
            )
            answer = (await repos.session.scalars(stmt)).one_or_none()
            if answer is None:
                return None
            previous = answer.suggestion
            words = text.strip()[:MAX_SUGGESTION]
            answer.suggestion = f"{previous}\n{words}" if previous else words
            answer.awaiting_since, answer.answered_at = None, now
            log.info("agenda %d: a suggestion from resident %d", answer.item_id, answer.resident_id)
            return answer.item_id


async def _reply(repos: Repos, telegram_id: int, item_id: int) -> AgendaReply:
    stmt = (
        select(AgendaReply)
        .join(Resident, Resident.id == AgendaReply.resident_id)
        .where(Resident.telegram_id == telegram_id, AgendaReply.item_id == item_id)
    )
    answer = (await repos.session.scalars(stmt)).one_or_none()
    if answer is None:
        raise NotFound("invitation")
    return answer


async def _affected(repos: Repos, ticket_ids: list[int]) -> list[Resident]:
    """The residents of these tickets and their followers who can be reached."""
    owners = select(Ticket.resident_id).where(Ticket.id.in_(ticket_ids))
    ids = set((await repos.session.scalars(owners)).all())
    for followers in (await FollowerRepo(repos.session).residents_of(ticket_ids)).values():
        ids |= followers
    stmt = select(Resident).where(
        Resident.id.in_(ids), Resident.telegram_id > 0, Resident.blocked.is_(False)
    )
    return list((await repos.session.scalars(stmt.order_by(Resident.id))).all())


async def _invited_chats(repos: Repos, item_id: int) -> list[int]:
    stmt = (
        select(Resident.telegram_id)
        .join(AgendaReply, AgendaReply.resident_id == Resident.id)
        .where(
            AgendaReply.item_id == item_id, Resident.telegram_id > 0, Resident.blocked.is_(False)
        )
        .order_by(AgendaReply.id)
    )
    return [int(c) for c in (await repos.session.scalars(stmt)).all()]
