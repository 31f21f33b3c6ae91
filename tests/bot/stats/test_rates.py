"""The rates per grid and per worker on a hand-built week whose history holds every kind of
the issue-14 contract (返工 by reopening and by a failed 核查, an approved extension, a rating
removed on appeal, a merged duplicate), computed by hand below."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest

from bot.bootstrap import Services
from bot.cli import export
from bot.queries.rates import RatesService
from storage.models import ActorKind, Resident, StaffRole, Ticket, TicketEvent, TicketStatus
from storage.uow import unit_of_work
from tests.bot.stats.conftest import GUAN, LIU, NOW
from tests.harness import BotHarness
from tests.updates import TgUser

SUN = TgUser(3003, "孙网格员")  # worker of cailing-05
C, A, AS, X = (
    TicketStatus.CLOSED,
    TicketStatus.ACCEPTED,
    TicketStatus.ASSIGNED,
    TicketStatus.CANCELLED,
)


@dataclass(frozen=True)
class Case:
    """One ticket: age and step times in hours after creation; history kinds with their hour."""

    ago: float
    grid: str
    status: TicketStatus
    owner: int | None = None
    accepted: float | None = None
    resolved: float | None = None
    resolve_within: float = 72
    respond_within: float = 24
    rating: str | None = None
    default: bool = False
    history: tuple[tuple[str, float], ...] = ()
    paused: bool = False


WEEK = (
    # T1 on time all the way, 满意
    Case(50, "cailing-02", C, LIU.id, 1, 20, rating="satisfied",
         history=(("resolved", 20), ("rated", 21))),
    # T2 late response, late resolution, 不满意 removed on appeal
    Case(120, "cailing-02", C, LIU.id, 30, 80, rating="dissatisfied",
         history=(("resolved", 80), ("rated", 81), ("rating_appealed", 82),
                  ("rating_removed", 83))),
    # T3 返工: resolved, reopened by the resident, still open past its resolve-by
    Case(100, "cailing-02", A, LIU.id, 2, history=(("resolved", 10), ("reopened", 11))),
    # T4 extension approved (resolve-by moved to 120 h), resolved at 90 h, 默认满意
    Case(110, "cailing-02", C, LIU.id, 1, 90, resolve_within=120, rating="satisfied",
         default=True, history=(("extension_requested", 50), ("extension_approved", 51),
                                ("resolved", 90), ("closed", 100))),
    # T5 返工 by a failed 核查, then verified and resolved in time, 基本满意
    Case(60, "cailing-05", C, SUN.id, 3, 10, rating="fairly_satisfied",
         history=(("verify_requested", 6), ("verify_failed", 7), ("verify_requested", 9),
                  ("verified", 10), ("resolved", 10), ("rated", 12))),
    Case(30, "cailing-05", AS),  # T6 never taken, past its respond-by
    Case(2, "cailing-05", AS),  # T7 just in
    Case(40, "cailing-02", X),  # T8 withdrawn: not counted
    Case(45, "cailing-02", C, LIU.id, 1, history=(("merged", 5),)),  # T9 merged: not counted
    Case(20, "fuhou-01", AS, respond_within=72),  # T10 another community
    Case(200, "cailing-02", C, LIU.id, 1, 5, rating="satisfied",
         history=(("resolved", 5), ("rated", 6))),  # T11 before a 7-day window
)  # fmt: skip


async def _populate(
    services: Services, cases: tuple[Case, ...] = WEEK, first_resident: int = 2100
) -> None:
    async with unit_of_work(services.sessions) as repos:
        grids = await repos.areas.by_codes(["cailing-02", "cailing-05", "fuhou-01"])
        residents = {}
        for n, code in enumerate(grids):
            residents[code] = Resident(
                telegram_id=first_resident + n, display_name=f"居民{n}", grid_id=grids[code].id,
                registered=True,
            )  # fmt: skip
            repos.residents.add(residents[code])
        staff = {u.id: await repos.staff.by_telegram_id(u.id) for u in (LIU, SUN)}
        await repos.areas.flush()
        for case in cases:
            created = NOW - timedelta(hours=case.ago)
            ticket = _ticket(case, created, residents[case.grid])
            owner = staff[case.owner] if case.owner is not None else None
            ticket.assignee_id = owner.id if owner is not None else None
            repos.tickets.add(ticket)
            await repos.tickets.flush()
            for kind, hour in case.history:
                at = created + timedelta(hours=hour)
                repos.tickets.add_event(
                    TicketEvent(ticket_id=ticket.id, at=at, actor_kind=ActorKind.SYSTEM, kind=kind)
                )


def _ticket(case: Case, created: datetime, resident: Resident) -> Ticket:
    def after(hours: float | None) -> datetime | None:
        return None if hours is None else created + timedelta(hours=hours)

    return Ticket(
        resident_id=resident.id, grid_id=resident.grid_id, intent="parking", text="……",
        status=case.status, created_at=created, updated_at=created,
        respond_by=after(case.respond_within), due_by=after(case.resolve_within),
        accepted_at=after(case.accepted), resolved_at=after(case.resolved),
        rating=case.rating, rating_is_default=case.default,
        waiting_since=after(60) if case.paused else None,
    )  # fmt: skip


@pytest.fixture
async def week(bot: BotHarness) -> BotHarness:
    """管书记 over 采菱社区, 刘芳 on 第二网格, 孙丽 on 第五网格, and the week above."""
    bot.clock.now = NOW
    staff = bot.services.staff
    await staff.add(GUAN.id, StaffRole.ADMIN, ["cailing"], "管建新")
    await staff.add(LIU.id, StaffRole.WORKER, ["cailing-02"], "刘芳")
    await staff.add(SUN.id, StaffRole.WORKER, ["cailing-05"], "孙丽")
    await _populate(bot.services)
    return bot


async def test_the_rates_of_an_admins_community_by_hand(week: BotHarness) -> None:
    report = await week.services.rates.for_admin(GUAN.id, 7)
    c, r = report.total.counts, report.total.rates
    # T1–T7 (T8 withdrawn, T9 merged, T10 elsewhere, T11 too old)
    assert (c.tickets, c.respond_due, c.responded_in_time) == (7, 6, 4)  # T2 late, T6 untaken
    assert (c.resolve_due, c.extended, c.resolved_in_time) == (5, 1, 2)  # T1, T5 in time
    assert (c.handled, c.reworked, c.extensions) == (5, 2, 1)  # T3 reopened, T5 failed 核查
    assert (c.rated, c.satisfied, c.closed) == (2, 2, 4)  # T2's rating removed, T4 默认满意
    assert r.response == pytest.approx(4 / 6) and r.on_time == pytest.approx(2 / 4)
    assert r.rework == pytest.approx(2 / 5) and r.extension == pytest.approx(1 / 7)
    assert r.satisfaction == 1.0 and r.participation == pytest.approx(2 / 4)
    assert r.composite == pytest.approx((30 * 4 / 6 + 35 * 0.5 + 35 * 1.0) / 100)  # 0.725


async def test_the_rates_per_grid_and_per_worker(week: BotHarness) -> None:
    report = await week.services.rates.for_admin(GUAN.id, 7)
    grids = {row.name: row.rates for row in report.by_grid}
    second, fifth = grids["第二网格"], grids["第五网格"]
    assert (second.response, second.on_time, second.rework) == (0.75, pytest.approx(1 / 3), 0.25)
    assert (second.extension, second.satisfaction) == (0.25, 1.0)
    assert second.participation == pytest.approx(1 / 3)
    assert second.composite == pytest.approx((30 * 0.75 + 35 / 3 + 35) / 100)
    assert (fifth.response, fifth.on_time, fifth.rework, fifth.extension) == (0.5, 1.0, 1.0, 0.0)
    assert fifth.composite == pytest.approx(0.85)
    workers = {row.name: row for row in report.by_worker}
    assert set(workers) == {"刘芳", "孙丽"}  # T6 and T7 have no owner
    assert workers["刘芳"].rates == second and workers["刘芳"].key == str(LIU.id)
    assert workers["孙丽"].rates.composite == 1.0 and workers["孙丽"].counts.tickets == 1


async def test_a_paused_ticket_is_not_due_while_it_waits(week: BotHarness) -> None:
    # past its resolve-by, but waiting for the resident (待居民补充) since hour 60
    paused = Case(90, "cailing-05", A, SUN.id, 1, paused=True, history=(("waiting_resident", 60),))
    await _populate(week.services, (paused,), first_resident=2200)
    c = (await week.services.rates.for_admin(GUAN.id, 7)).total.counts
    assert (c.tickets, c.respond_due, c.responded_in_time) == (8, 7, 5)  # taken in time
    assert (c.resolve_due, c.resolved_in_time) == (5, 2)  # not due: the clock is paused


async def test_weights_come_from_settings(week: BotHarness) -> None:
    s = week.services
    weighted = RatesService(s.sessions, s.admin_ids, s.clock, week.settings.tz, (1, 1, 2))
    report = await weighted.for_admin(GUAN.id, 7)
    assert report.total.rates.composite == pytest.approx((4 / 6 + 0.5 + 2 * 1.0) / 4)
    assert report.weights == (1, 1, 2)


async def test_stats_shows_every_rate(week: BotHarness) -> None:
    text, _, rates = await week.say(GUAN, "/stats 7")
    for line in (
        "权重 响应 30 / 解决 35 / 满意 35",
        "合计：响应率 66.7%（4/6）· 按期结案率 50.0%（2/4）· 返工率 40.0%（2/5）· "
        "延期率 14.3%（1/7）· 满意率 100.0%（2/2）· 参评率 50.0%（2/4）· 综合 72.5",
        "第二网格：响应 75.0% · 按期 33.3% · 返工 25.0% · 延期 25.0% · 满意 100.0% · "
        "参评 33.3% · 综合 69.2",
        "第五网格：响应 50.0% · 按期 100.0% · 返工 100.0% · 延期 0.0% · 满意 100.0% · "
        "参评 100.0% · 综合 85.0",
        "孙丽：响应 100.0% · 按期 100.0% · 返工 100.0% · 延期 0.0% · 满意 100.0% · "
        "参评 100.0% · 综合 100.0",
    ):
        assert line in text.plain_text, line
    assert rates.method == "sendPhoto" and "各网格考核指标" in rates.plain_text


async def test_the_report_carries_every_rate(week: BotHarness) -> None:
    stats = await week.services.stats.overall(7)
    report = await week.services.rates.overall(7)
    stream = io.StringIO()
    export.write_csv(stats, stream, export.Extras(rates=report))
    rows = {
        (s, k): v for s, k, _, v in (line.split(",") for line in stream.getvalue().splitlines())
    }
    assert rows["rates_total", "tickets"] == "8"  # T10 of 府后社区 counts here
    assert rows["rates_total", "extension"] == "0.125"
    assert rows["rates_total", "response"] == "0.6667"
    assert rows["rates_grid", "cailing-02:on_time"] == "0.3333"
    assert rows["rates_grid", "cailing-05:composite"] == "0.85"
    assert rows["rates_worker", f"{LIU.id}:composite"] == "0.6917"
    assert rows["rates_worker", f"{SUN.id}:reworked"] == "1"
    for figure in ("response", "on_time", "rework", "extension", "satisfaction", "participation"):
        assert ("rates_total", figure) in rows
