"""A hand-built month in 采菱社区 (and one ticket next door) with known times and answers.

Everything is written through the ORM in one unit of work with explicit timestamps, so
every figure /stats and ``gridbot report`` show can be asserted exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from bot.bootstrap import Services
from storage.models import InfoRequest, Resident, StaffRole, Ticket, TicketStatus
from storage.uow import unit_of_work
from tests.harness import BotHarness
from tests.updates import TgUser

NOW = datetime(2025, 6, 15, 4, 0, tzinfo=UTC)  # Sunday 12:00 in Shanghai
GUAN = TgUser(4001, "管书记")  # admin of 采菱社区
LIU = TgUser(3001, "刘网格员")  # worker of cailing-02
WANG = TgUser(2001, "王阿姨")  # a resident
S, B, D = "satisfied", "fairly_satisfied", "dissatisfied"


@dataclass(frozen=True)
class Spec:
    """One ticket: how long before now it was made, and how long each step took (hours)."""

    ago: float
    intent: str
    grid: str
    status: TicketStatus
    accepted: float | None = None
    resolved: float | None = None
    respond_within: float = 24
    resolve_within: float = 72
    rating: str | None = None
    default: bool = False


C, A, AS, X = (
    TicketStatus.CLOSED,
    TicketStatus.ACCEPTED,
    TicketStatus.ASSIGNED,
    TicketStatus.CANCELLED,
)
TICKETS = (
    Spec(149, "parking", "cailing-02", C, 1, 20, rating=S),  # 06-09 07:00 local, on time
    Spec(98, "parking", "cailing-02", C, 2, 30, resolve_within=24, rating=B),  # 06-11, late
    Spec(76, "fire_safety", "cailing-05", C, 0.5, 4, resolve_within=48, rating=D),  # 06-12 08:00
    Spec(70, "sanitation", "cailing-05", C, 3, 10, rating=S, default=True),  # 06-12 默认满意
    Spec(45, "other", "cailing-02", X),  # 06-13 15:00, withdrawn
    Spec(27, "parking", "cailing-02", AS),  # 06-14 09:00, never taken: overdue (respond-by)
    Spec(4, "repair", "cailing-05", A, 1),  # 06-15 08:00, in hand, in time
    Spec(50, "parking", "fuhou-01", AS, respond_within=72),  # 府后社区: not 采菱's
    Spec(156.5, "repair", "cailing-02", A, 2),  # 06-08 23:30: before a 7-day window, overdue
)
INFO = (  # (hours ago, grid of the asking resident, outcome)
    (100, "cailing-02", "solved"),
    (60, "cailing-05", "solved"),
    (30, "cailing-02", "escalated"),
    (2, "cailing-05", None),
    (20, "fuhou-01", "solved"),
    (800, "cailing-02", "solved"),  # 33 days ago: outside a 30-day window too
)


async def populate(services: Services, now: datetime) -> None:
    """Write the residents, tickets and self-service answers above, relative to ``now``."""
    async with unit_of_work(services.sessions) as repos:
        grids = await repos.areas.by_codes(["cailing-02", "cailing-05", "fuhou-01"])
        residents = {}
        for n, code in enumerate(grids):
            resident = Resident(
                telegram_id=2100 + n, display_name=f"居民{n}", grid_id=grids[code].id,
                registered=True,
            )  # fmt: skip
            repos.residents.add(resident)
            residents[code] = resident
        await repos.areas.flush()
        for spec in TICKETS:
            repos.tickets.add(_ticket(spec, now, residents[spec.grid]))
        for ago, code, outcome in INFO:
            at = now - timedelta(hours=ago)
            repos.info.add(
                InfoRequest(
                    resident_id=residents[code].id, intent="social_security_card",
                    outcome=outcome, created_at=at, answered_at=at if outcome else None,
                )
            )  # fmt: skip


def _ticket(spec: Spec, now: datetime, resident: Resident) -> Ticket:
    created = now - timedelta(hours=spec.ago)

    def after(hours: float | None) -> datetime | None:
        return None if hours is None else created + timedelta(hours=hours)

    return Ticket(
        resident_id=resident.id,
        grid_id=resident.grid_id,
        intent=spec.intent,
        text="……",
        status=spec.status,
        created_at=created,
        updated_at=created,
        respond_by=after(spec.respond_within),
        due_by=after(spec.resolve_within),
        accepted_at=after(spec.accepted),
        resolved_at=after(spec.resolved),
        closed_at=after(spec.resolved) if spec.status is C else None,
        rating=spec.rating,
        rating_is_default=spec.default,
    )


@pytest.fixture
async def month(bot: BotHarness) -> BotHarness:
    """The example areas, 管书记 over 采菱社区, a worker, a resident, and the data above."""
    bot.clock.now = NOW
    staff = bot.services.staff
    await staff.add(GUAN.id, StaffRole.ADMIN, ["cailing"], "管建新")
    await staff.add(LIU.id, StaffRole.WORKER, ["cailing-02"], "刘芳")
    await populate(bot.services, NOW)
    return bot
