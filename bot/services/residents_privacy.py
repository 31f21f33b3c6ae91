"""A resident's right to see and to erase their data: export everything, or anonymise it.

Erasure keeps tickets for statistics (intent, grid, status, timestamps, ratings) but removes
what identifies the person: profile fields, ticket and message texts, attachments, and the
Telegram id (replaced by ``-resident.id`` so it stays unique and never matches a real user).
"""

from __future__ import annotations

import enum
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.privacy import ERASED
from bot.services import audit
from bot.services.errors import NotFound
from bot.services.helper_privacy import forget_helper, helper_rows
from storage.follower_repo import FOLLOWER_EVENT_KINDS, FollowerRepo
from storage.models import Attachment, Base, Resident, TicketEvent
from storage.ops_repos import ResidentDataRepo
from storage.repos import Repos
from storage.uow import unit_of_work

log = logging.getLogger(__name__)

"""What replaces an erased text (seen by staff on the anonymised ticket)."""


@dataclass(frozen=True, slots=True)
class ForgetReport:
    """What an erasure changed."""

    resident_id: int | None
    """None: the Telegram user was only a 微心愿 helper."""
    tickets: int
    events: int
    attachments: int
    info_requests: int
    outbox_deleted: int
    outbox_anonymised: int
    staff_texts: int = 0
    notices_cancelled: int = 0
    follows: int = 0
    helpers: int = 0
    """微心愿 helper registrations deleted."""


def scrubber(resident: Resident, placeholder: str) -> Callable[[str], str]:
    """A function replacing the resident's phone (however spaced or hyphenated), address
    and name (two characters or more) in a text written by someone else."""
    patterns = []
    digits = [c for c in (resident.phone or "") if c.isdigit()]
    if len(digits) >= 5:
        patterns.append(r"[\s\-]?".join(re.escape(d) for d in digits))
    for value in (resident.address, resident.display_name):
        if value and len(value.strip()) >= 2:
            patterns.append(re.escape(value.strip()))
    if not patterns:
        return lambda text: text
    found = re.compile("|".join(sorted(patterns, key=len, reverse=True)))
    return lambda text: found.sub(placeholder, text)


def _value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _row(obj: Base) -> dict[str, Any]:
    """Every column of a loaded row, JSON-ready."""
    return {a.key: _value(getattr(obj, a.key)) for a in inspect(obj).mapper.column_attrs}


row_data = _row
"""Every column of a loaded row, JSON-ready (for other exports: households)."""


async def _find(repo: ResidentDataRepo, telegram_id: int) -> Resident:
    resident = await repo.resident(telegram_id)
    if resident is None:
        raise NotFound(f"no resident with Telegram id {telegram_id}")
    return resident


async def _own(
    repos: Repos,
    resident: Resident,
    ids: list[int],
    events: Sequence[TicketEvent],
    attachments: Sequence[Attachment],
) -> tuple[list[TicketEvent], list[Attachment]]:
    """Leave out what followers (neighbours) added to the resident's tickets."""
    foreign = await FollowerRepo(repos.session).foreign_attachments(ids)
    chat = resident.telegram_id
    return (
        [e for e in events if e.kind not in FOLLOWER_EVENT_KINDS or e.actor_id == chat],
        [a for a in attachments if a.id not in foreign],
    )


async def _follows(repos: Repos, resident: Resident) -> dict[str, Any]:
    """The tickets the resident follows (我也遇到, 并单) and what they wrote there."""
    follows = FollowerRepo(repos.session)
    return {
        "followed_tickets": [_row(f) for f in await follows.of_resident(resident.id)],
        "follower_events": [_row(e) for e in await follows.authored(resident.telegram_id)],
        "agenda_replies": [_row(r) for r in await follows.agenda_replies(resident.id)],
    }


async def _export(repos: Repos, resident: Resident) -> dict[str, Any]:
    """The resident's profile, tickets, questions, messages, follows and wishes."""
    repo, telegram_id = repos.resident_data, resident.telegram_id
    grid = await repo.area(resident.grid_id)
    tickets = await repo.tickets(resident.id)
    ids = [t.id for t in tickets]
    events, attachments = await repo.events(ids), await repo.attachments(ids)
    events, attachments = await _own(repos, resident, ids, events, attachments)
    profile = _row(resident)
    profile["grid"] = {"code": grid.code, "name": grid.name} if grid else None
    profile["state"] = (await repos.conversations.get(telegram_id)).data
    return {
        "resident": profile,
        "tickets": [
            {
                **_row(t),
                "events": [_row(e) for e in events if e.ticket_id == t.id],
                "attachments": [_row(a) for a in attachments if a.ticket_id == t.id],
            }
            for t in tickets
        ],
        "info_requests": [_row(r) for r in await repo.info_requests(resident.id)],
        "outbox": [_row(m) for m in await repo.outbox_to(resident.telegram_id)],
        "notice_deliveries": [_row(d) for d in await repo.notice_deliveries(resident.id)],
        **await _follows(repos, resident),
        "wishes": [_row(w) for w in await repos.households.wishes_of_resident(resident.id)],
    }


class ResidentPrivacy:
    """Export and erasure of one resident's data, each in one transaction."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def export(self, telegram_id: int, actor_role: str | None = "cli") -> dict[str, Any]:
        """Everything held about the resident: profile, tickets, questions, messages; and
        their rows as a 微心愿 helper (a helper who is no resident: those alone)."""
        async with unit_of_work(self._sessions) as repos:
            helpers = [_row(h) for h in await helper_rows(repos, telegram_id)]
            resident = await repos.resident_data.resident(telegram_id)
            if resident is None and not helpers:
                raise NotFound(f"no resident with Telegram id {telegram_id}")
            data: dict[str, Any] = await _export(repos, resident) if resident else {}
            data.setdefault("resident", None)
            data["helpers"] = helpers
            resident_id = resident.id if resident else None
            extra = {"helpers": len(helpers)} if helpers else {}
            audit.record(repos, None, actor_role, "resident.export", resident_id=resident_id,
                         **extra)  # fmt: skip
        log.info("exported the data of resident %s (%d helper row(s))", resident_id, len(helpers))
        return data

    async def forget(self, telegram_id: int, actor_role: str | None = "cli") -> ForgetReport:
        """Erase the resident's personal data, keeping anonymised tickets for statistics."""
        async with unit_of_work(self._sessions) as repos:
            helpers = await forget_helper(repos, telegram_id)  # 微心愿 helper rows
            repo = repos.resident_data
            resident = await repo.resident(telegram_id)
            if resident is None and helpers:  # a helper who is no resident
                audit.record(repos, None, actor_role, "helper.forget", helpers=helpers)
                return ForgetReport(None, 0, 0, 0, 0, 0, 0, helpers=helpers)
            resident = await _find(repo, telegram_id)
            placeholder_id = -resident.id
            ids = [t.id for t in await repo.tickets(resident.id)]
            await repo.erase_ticket_texts(ids, ERASED)
            staff_texts = await repo.scrub_other_events(ids, scrubber(resident, ERASED))
            report = ForgetReport(
                resident_id=resident.id,
                tickets=len(ids),
                events=await repo.erase_resident_events(ids, telegram_id, placeholder_id, ERASED),
                attachments=await repo.delete_attachments(ids),
                info_requests=await repo.erase_info_requests(resident.id, ERASED),
                outbox_deleted=await repo.delete_pending_outbox(telegram_id),
                outbox_anonymised=await repo.anonymise_outbox(telegram_id, placeholder_id, ids),
                staff_texts=staff_texts,
                notices_cancelled=await repo.forget_deliveries(
                    resident.id, placeholder_id, "cancelled: resident forgotten"
                ),
                follows=await FollowerRepo(repos.session).forget(
                    resident.id, telegram_id, placeholder_id, ERASED
                ),
                helpers=helpers,
            )
            for wish in await repos.households.wishes_of_resident(resident.id):  # 微心愿
                wish.text = ERASED
            resident.telegram_id = placeholder_id
            resident.display_name = ""
            resident.phone = None
            resident.address = None
            await repos.conversations.erase(telegram_id)
            resident.active_ticket_id = None
            resident.registered = False
            audit.record(
                repos,
                None,
                actor_role,
                "resident.forget",
                resident_id=resident.id,
                tickets=report.tickets,
                attachments=report.attachments,
            )
        log.info("erased the personal data of resident %d", resident.id)
        return report
