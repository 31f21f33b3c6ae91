"""Filing what a resident reported: into a new ticket (dispatched at once), an open one, a
self-service answer, or kept in the conversation while the bot asks which category it is.

Everything here runs inside the caller's unit of work; nothing commits.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from bot.domain.workcalendar import WorkCalendar
from bot.services.dispatch import Dispatcher
from bot.services.metoo_offer import offer_for
from bot.services.pause import Resumer
from bot.services.relay import relay
from bot.services.report_intake import Intake, active_ticket
from bot.services.report_types import (
    Appended,
    Attached,
    Choice,
    Confirm,
    InfoAnswer,
    MatcherSource,
    Media,
    NeedsDescription,
    NotUnderstood,
    Offered,
    Opened,
    Outcome,
)
from bot.services.tickets import (
    OTHER,
    Clock,
    intent_name,
    open_ticket,
    resident_event,
    ticket_view,
)
from intents import Catalogue, Decision
from storage.models import OPEN_STATUSES, Attachment, InfoRequest, Resident, Ticket
from storage.repos import Repos

MEANINGFUL = re.compile(r"[\w\u4e00-\u9fff]")
MAX_TEXT = 4000
UNSURE_FLOOR = 0.3  # below the matcher's confirm threshold, still worth offering as a choice
TICKETS_PER_HOUR = 5
HOUR = timedelta(hours=1)


def categories(catalogue: Catalogue) -> tuple[Choice, ...]:
    """Every category, in catalogue order."""
    return tuple(Choice(i.key, i.name) for i in catalogue.intents)


class Filing:
    """Turns a registered resident's words and media into tickets (one unit of work each)."""

    def __init__(
        self,
        intents: MatcherSource,
        dispatcher: Dispatcher,
        clock: Clock,
        tickets_per_hour: int = TICKETS_PER_HOUR,
        calendar: WorkCalendar | None = None,
    ) -> None:
        self._resumer = Resumer(intents.catalogue, dispatcher.audiences, calendar)
        self._calendar = calendar
        self._intents = intents
        self._catalogue = intents.catalogue
        self._dispatcher = dispatcher
        self._clock = clock
        self._per_hour = tickets_per_hour

    async def over_limit(self, repos: Repos, resident: Resident) -> bool:
        """Whether the resident has opened as many tickets this past hour as allowed."""
        since = self._clock() - HOUR
        return await _opened_since(repos, resident.id, since) >= self._per_hour

    async def open_alone(self, repos: Repos, resident: Resident, key: str, text: str) -> Ticket:
        """Open a ticket for ``text`` without waiting media (a split, an escalated answer)."""
        return await self._open(repos, resident, key, text, False, [])

    async def media(
        self, repos: Repos, intake: Intake, media: Media, caption: str | None
    ) -> Outcome:
        """A photo or location: join its album's or the active ticket, or wait for words."""
        now, resident = self._clock(), intake.resident
        album = intake.state.album(media.media_group_id)
        if album is not None and album.ticket_id is not None:
            ticket = await repos.tickets.get(album.ticket_id)
            if ticket is not None:
                await _attach(repos, ticket, resident, media, now)
                view = await ticket_view(repos, self._catalogue, ticket)
                return Attached(view, media.kind, quiet=True)
        if album is not None and album.ticket_id is None:
            intake.keep_media(media)
            return NeedsDescription(media.kind, quiet=True)
        if caption and MEANINGFUL.search(caption):
            intake.keep_media(media)
            outcome = await self.classified(repos, intake, caption.strip()[:MAX_TEXT])
            intake.remember_album(media, outcome)
            return outcome
        active = await active_ticket(repos, resident, now)
        if active is not None:
            await _attach(repos, active, resident, media, now)
            await relay(repos, active, resident, None, media)
            await self._resumer.answered(repos, active, resident, now)
            attached = Attached(await ticket_view(repos, self._catalogue, active), media.kind)
            intake.remember_album(media, attached)
            return attached
        intake.keep_media(media)
        intake.remember_album(media, None)
        return NeedsDescription(media.kind)

    async def classified(
        self, repos: Repos, intake: Intake, text: str, *, follow_up: bool = True
    ) -> Outcome:
        """Act on a confident match; else join the active ticket, or keep the text and ask."""
        match = self._intents.matcher.classify(text)
        if match.decision is Decision.ACT and match.intent is not None:
            return await self.act(repos, intake, match.intent, text, match.emergency)
        now = self._clock()
        active = await active_ticket(repos, intake.resident, now) if follow_up else None
        if active is not None:
            return await self.append(repos, intake, active, text)
        intake.keep_text(text)
        if match.decision is Decision.CONFIRM:
            keys = [k for k in match.candidates if k][:3]
        else:
            keys = [a.intent for a in match.alternatives if a.confidence >= UNSURE_FLOOR][:3]
        if keys:
            return Confirm(tuple(Choice(k, intent_name(self._catalogue, k)) for k in keys))
        return NotUnderstood(categories(self._catalogue))

    async def act(
        self,
        repos: Repos,
        intake: Intake,
        key: str,
        text: str,
        emergency: bool,
        *,
        offer: bool = True,
    ) -> Outcome:
        """File under ``key``: a self-service answer, the open ticket of that kind, a
        neighbour's ticket of a shared kind to join (``offer``), or a new one."""
        now, resident = self._clock(), intake.resident
        intent = self._catalogue.get(key) if key != OTHER else None
        media = list(intake.state.report.media)
        if intent is not None and intent.kind == "info" and not emergency and not media:
            intake.filed(None)
            request = InfoRequest(resident_id=resident.id, intent=key, text=text, created_at=now)
            repos.info.add(request)
            await repos.info.flush()
            return InfoAnswer(request.id, intent.name, intent.replies.get("answer", ""))
        safety = intent.emergency_reply if intent is not None and emergency else None
        if emergency:
            return await self._urgent(repos, intake, key, text, safety)
        else:
            existing = await repos.tickets.open_of_resident(resident.id, key)
            if existing is not None:
                return await self.append(repos, intake, existing, text)
            shared = offer and intent is not None and intent.shared
            if shared and (found := await offer_for(repos, resident, key)) is not None:
                intake.keep_text(text)
                view = await ticket_view(repos, self._catalogue, found[0])
                return Offered(view, found[1])
            if await self.over_limit(repos, resident):
                latest = await _open_ticket(repos, resident.id)
                if latest is not None:
                    return replace(await self.append(repos, intake, latest, text), limited=True)
        ticket = await self._open(repos, resident, key, text, emergency, media)
        intake.filed(ticket.id)
        return Opened(await ticket_view(repos, self._catalogue, ticket), safety)

    async def _urgent(
        self, repos: Repos, intake: Intake, key: str, text: str, safety: str | None
    ) -> Outcome:
        """An emergency: join the open urgent ticket (never limited) or open one; a message
        still waiting for its category stays waiting."""
        pending, resident = intake.state.report.text, intake.resident
        urgent = await _open_ticket(repos, resident.id, emergency=True)
        outcome: Outcome
        if urgent is not None:
            outcome = replace(await self.append(repos, intake, urgent, text), safety=safety)
        else:
            media = list(intake.state.report.media)
            ticket = await self._open(repos, resident, key, text, True, media)
            intake.filed(ticket.id)
            outcome = Opened(await ticket_view(repos, self._catalogue, ticket), safety)
        if pending and pending != text:
            intake.keep_text(pending)
        return outcome

    async def _open(
        self,
        repos: Repos,
        resident: Resident,
        key: str,
        text: str,
        emergency: bool,
        media: list[Media],
    ) -> Ticket:
        """Open a ticket with its media and dispatch it (派单) in the same transaction."""
        now = self._clock()
        ticket = await open_ticket(
            repos,
            self._catalogue,
            resident,
            key,
            text,
            now,
            emergency=emergency,
            calendar=self._calendar,
        )
        files = [await _attach(repos, ticket, resident, m, now) for m in media]
        # everything below is written in one flush at commit (fewer statements per report);
        # the resident's confirmation names the grid: no separate 派单 message right after it
        with repos.session.no_autoflush:
            await self._dispatcher.dispatch(repos, ticket, now, tell_resident=False, files=files)
        return ticket

    async def append(self, repos: Repos, intake: Intake, ticket: Ticket, text: str) -> Appended:
        """Add a message (and any waiting media) to an open ticket; relay it to the owner."""
        now, resident = self._clock(), intake.resident
        ticket.updated_at = now
        repos.tickets.add_event(resident_event(ticket, resident, "message", now, text))
        for m in intake.state.report.media:
            await _attach(repos, ticket, resident, m, now)
        intake.filed(ticket.id)
        resident.active_ticket_id = ticket.id
        await relay(repos, ticket, resident, text)
        await self._resumer.answered(repos, ticket, resident, now)
        return Appended(await ticket_view(repos, self._catalogue, ticket))


async def _attach(
    repos: Repos, ticket: Ticket, resident: Resident, media: Media, now: Any
) -> Attachment:
    attachment = Attachment(
        ticket_id=ticket.id,
        kind=media.kind,
        file_id=media.file_id,
        file_unique_id=media.file_unique_id,
        latitude=media.latitude,
        longitude=media.longitude,
        media_group_id=media.media_group_id,
        created_at=now,
    )
    repos.tickets.add_attachment(attachment)
    ticket.updated_at = now
    repos.tickets.add_event(resident_event(ticket, resident, media.kind, now))
    return attachment


async def _opened_since(repos: Repos, resident_id: int, since: datetime) -> int:
    stmt = select(func.count(Ticket.id)).where(
        Ticket.resident_id == resident_id, Ticket.created_at >= since
    )
    return int(await repos.session.scalar(stmt) or 0)


async def _open_ticket(repos: Repos, resident_id: int, *, emergency: bool = False) -> Ticket | None:
    """The resident's newest open ticket (an urgent one if ``emergency``)."""
    stmt = select(Ticket).where(Ticket.resident_id == resident_id, Ticket.status.in_(OPEN_STATUSES))
    if emergency:
        stmt = stmt.where(Ticket.emergency.is_(True))
    stmt = stmt.order_by(Ticket.id.desc()).limit(1)
    return (await repos.session.scalars(stmt)).one_or_none()
