"""核查 before 结案, 延期 and 申诉 (issue 14): staff actions in the same unit of work as the
others (``WorkService``): load, ask the domain (``bot.domain.review``), record, audit.

A worker's photo (``add_evidence``) is kept as an attachment with their staff id; when a
办结 text was waiting for it, the 办结 goes on at once. Decisions on extensions and appeals
are in the audit log with their outcome.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain import review
from bot.domain.errors import NotFound
from bot.services.work import Done, WorkService
from storage.models import Attachment, Staff, Ticket, TicketStatus
from storage.repos import Repos
from storage.uow import unit_of_work


@dataclass(frozen=True)
class Evidence:
    """A photo kept as evidence; ``submitted``: the waiting 办结 went on with it."""

    ticket_id: int
    submitted: bool


@dataclass(frozen=True)
class Asked:
    """An extension asked for: until when, how many hours, whether working hours (工作时),
    and the working hours of one working day."""

    until: datetime
    hours: float
    working: bool
    day_hours: float


class ReviewService(WorkService):
    """核查, 延期 and 申诉: the transitions of ``bot.domain.review`` as staff actions."""

    async def add_evidence(
        self, telegram_id: int, ticket_id: int, file_id: str, file_unique_id: str | None
    ) -> Evidence:
        """Keep a worker's photo of the work; a 办结 waiting for one is submitted with it."""
        now = self._clock()
        async with unit_of_work(self._sessions) as repos:
            await self._run(
                repos, telegram_id, ticket_id, "evidence",
                lambda t, me: review.add_evidence(t, me.domain(), now),
            )  # fmt: skip
            ticket, staff = await self._ticket_and_staff(repos, telegram_id, ticket_id)
            repos.tickets.add_attachment(
                Attachment(
                    ticket_id=ticket.id, kind="photo", file_id=file_id,
                    file_unique_id=file_unique_id, staff_id=staff.id, created_at=now,
                )
            )  # fmt: skip
            await repos.tickets.flush()
            draft = await _waiting_draft(repos, ticket)
            if draft is None:
                return Evidence(ticket.id, False)
            check = review.Check(True, True)
            await self._run(
                repos, telegram_id, ticket_id, "resolve",
                lambda t, me: review.resolve(t, me.domain(), draft, now, check),
            )  # fmt: skip
            return Evidence(ticket.id, True)

    async def check(self, telegram_id: int, ticket_id: int, passed: bool, reason: str) -> Done:
        """核查通过 / 核查不通过 (with a reason) by someone other than the doer."""
        now = self._clock()
        action = "verify_pass" if passed else "verify_fail"
        return await self._act(
            telegram_id, ticket_id, action,
            lambda t, me: review.check(t, me.domain(), passed, reason, now),
        )  # fmt: skip

    async def request_extension(
        self, telegram_id: int, ticket_id: int, amount: int, reason: str, days: bool = False
    ) -> Asked:
        """延期: the owner asks an admin for ``amount`` hours (or days) more; in working time
        when the ticket's category counts 工作时. What was asked for."""
        now = self._clock()
        async with unit_of_work(self._sessions) as repos:
            ticket = await repos.tickets.get(ticket_id)
            due_by = ticket.due_by if ticket is not None else None
            counting = review.Counting()
            if ticket is not None and self._resumer is not None:
                counting = self._resumer.counting(ticket)
            hours, working = review.extension_hours(amount, days, counting)
            await self._run(
                repos, telegram_id, ticket_id, "extend_request",
                lambda t, me: review.request_extension(
                    t, me.domain(), amount, reason, now, due_by, days=days, counting=counting
                ),
                hours=round(hours), working=working,
            )  # fmt: skip
            assert ticket is not None and ticket.extension_until is not None
            day = counting.calendar.day_hours if counting.calendar is not None else 24.0
            return Asked(ticket.extension_until, hours, working, day)

    async def decide_extension(self, telegram_id: int, ticket_id: int, approve: bool) -> Done:
        """同意延期 (the resolve-by time moves) or 不同意; audited."""
        now = self._clock()
        async with unit_of_work(self._sessions) as repos:
            ticket = await repos.tickets.get(ticket_id)
            hours = ticket.extension_hours if ticket is not None else None
            await self._run(
                repos, telegram_id, ticket_id,
                "extend_approve" if approve else "extend_refuse",
                lambda t, me: review.decide_extension(t, me.domain(), approve, now),
                hours=hours,
            )  # fmt: skip
            due = ticket.due_by if ticket is not None and approve else None
            return Done(ticket_id, due.isoformat() if due else "")

    async def appeal(self, telegram_id: int, ticket_id: int, reason: str) -> Done:
        """申诉: the owner appeals a 不满意 rating, once."""
        now = self._clock()
        return await self._act(
            telegram_id, ticket_id, "appeal",
            lambda t, me: review.appeal(t, me.domain(), reason, now),
        )  # fmt: skip

    async def decide_appeal(self, telegram_id: int, ticket_id: int, remove: bool) -> Done:
        """维持 or 撤销 an appealed rating; the decision is audited."""
        now = self._clock()
        return await self._act(
            telegram_id, ticket_id, "appeal_remove" if remove else "appeal_uphold",
            lambda t, me: review.decide_appeal(t, me.domain(), remove, now),
        )  # fmt: skip

    async def _ticket_and_staff(
        self, repos: Repos, telegram_id: int, ticket_id: int
    ) -> tuple[Ticket, Staff]:
        ticket = await repos.tickets.get(ticket_id)
        staff = await repos.staff.by_telegram_id(telegram_id)
        if ticket is None or staff is None:
            raise NotFound("ticket")
        return ticket, staff


async def _waiting_draft(repos: Repos, ticket: Ticket) -> str | None:
    """The 办结 text waiting for a photo, if the ticket is still being handled."""
    if ticket.status is not TicketStatus.ACCEPTED:
        return None
    wanted = await repos.tickets.latest_event(ticket.id, "evidence_wanted")
    if wanted is None or not wanted.text:
        return None
    for later in ("verify_requested", "verify_failed", "resolved"):
        newer = await repos.tickets.latest_event(ticket.id, later)
        if newer is not None and newer.id > wanted.id:
            return None
    return wanted.text
