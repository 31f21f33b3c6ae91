"""The composition of services: ``build_services(settings)`` builds them once per process
(the bot, the webhook, the CLI, benchmarks and tests all come through it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.domain.workcalendar import WorkCalendar
from bot.queries.agenda import AgendaQueries
from bot.queries.console import ConsoleQueue
from bot.queries.hotspots import Hotspots, thresholds
from bot.queries.notifications import NotificationData
from bot.queries.rates import RatesService
from bot.queries.resident_tickets import MyTickets
from bot.queries.staff_tickets import StaffTickets
from bot.queries.stats import StatsService
from bot.queries.visits import VisitQueries
from bot.services.agenda import AgendaService
from bot.services.areas import AreaService
from bot.services.audience import Audiences
from bot.services.broadcast import BroadcastService
from bot.services.calendar_file import calendar_from
from bot.services.checks import checked_intents
from bot.services.deadlines import DeadlineService
from bot.services.dispatch import Dispatcher
from bot.services.feedback import FeedbackService
from bot.services.hotspot_alerts import HotspotAlerts
from bot.services.merge import MergeService
from bot.services.metoo import MeTooService
from bot.services.notice_delivery import NoticeDeliveryService
from bot.services.on_behalf import OnBehalfService
from bot.services.on_behalf_dialogue import OnBehalfDialogue
from bot.services.outbox import OutboxService
from bot.services.pause import Resumer
from bot.services.registration import RegistrationService
from bot.services.report_filing import Filing
from bot.services.reports import ReportService
from bot.services.review import ReviewService
from bot.services.staff import StaffAdmin, StaffService
from bot.services.tickets import Clock, ResidentTickets
from bot.services.updates import UpdateLog
from bot.services.visit_log import VisitLog
from bot.services.visit_sweep import VisitSweep
from bot.services.visits import HouseholdService, VisitPlan
from bot.services.web_access import WebAccess
from bot.services.wishes import WishService
from bot.services.work import WorkService
from intents import Catalogue, Matcher, load_catalogue
from storage.db import create_engine, create_sessionmaker
from storage.types import utcnow


class IntentEngine:
    """The intent catalogue (cheap, read at once) and the matcher (built on first use)."""

    def __init__(self, matcher: Matcher | None = None) -> None:
        self._matcher = matcher
        self.catalogue: Catalogue = matcher.catalogue if matcher else load_catalogue()

    @property
    def matcher(self) -> Matcher:
        """The matcher; the first call loads jieba's dictionary (about a second)."""
        if self._matcher is None:
            self._matcher = Matcher(self.catalogue)
        return self._matcher


@dataclass
class Services:
    """Every service, sharing one engine (made by ``build_services``); free of ``telegram``."""

    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    admin_ids: frozenset[int]
    intents: IntentEngine
    clock: Clock
    areas: AreaService
    staff: StaffService
    staff_admin: StaffAdmin
    updates: UpdateLog
    registration: RegistrationService
    reports: ReportService
    tickets: ResidentTickets
    work: WorkService
    staff_tickets: StaffTickets
    my_tickets: MyTickets
    notifications: NotificationData
    feedback: FeedbackService
    deadlines: DeadlineService
    outbox: OutboxService
    broadcast: BroadcastService
    notice_delivery: NoticeDeliveryService
    stats: StatsService
    rates: RatesService  # issue 14: 响应率, 按期结案率 … per grid and worker
    review: ReviewService
    """核查, 延期, 申诉 (issue 14)."""
    metoo: MeTooService
    merge: MergeService
    hotspots: Hotspots
    hotspot_alerts: HotspotAlerts
    """The daily hotspot watch: new hotspots to the admins over their grids."""
    agenda: AgendaService
    agenda_queries: AgendaQueries
    households: HouseholdService
    visit_log: VisitLog
    visits: VisitQueries
    visit_sweep: VisitSweep
    wishes: WishService
    on_behalf: OnBehalfService
    web: WebAccess
    console: ConsoleQueue
    on_behalf_dialogue: OnBehalfDialogue

    @property
    def matcher(self) -> Matcher:
        """The intent matcher (built on first use)."""
        return self.intents.matcher

    async def close(self) -> None:
        """Dispose of the engine's connections."""
        await self.engine.dispose()


def _issue14(
    settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    intents: IntentEngine,
    dispatcher: Dispatcher,
    audiences: Audiences,
    clock: Clock,
    calendar: WorkCalendar,
) -> dict[str, Any]:
    """我也遇到, 并单, hotspots and 每月一题."""
    admin_ids, households = frozenset(settings.admin_ids), settings.metoo_high_priority_households
    filing = Filing(intents, dispatcher, clock, settings.tickets_per_hour, calendar)
    limits = thresholds(
        settings.hotspot_households, settings.hotspot_repeats, settings.hotspot_days
    )
    return {
        "metoo": MeTooService(sessions, intents.catalogue, filing, audiences, clock, households),
        "merge": MergeService(sessions, audiences, admin_ids, clock, households),
        "hotspots": Hotspots(sessions, intents.catalogue, admin_ids, clock, limits),
        "hotspot_alerts": HotspotAlerts(sessions, audiences, clock, limits),
        "agenda": AgendaService(sessions, admin_ids, clock, settings.tz),
        "agenda_queries": AgendaQueries(sessions, intents.catalogue, admin_ids),
    }


def _visits_and_web(
    settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    intents: IntentEngine,
    audiences: Audiences,
    clock: Clock,
) -> dict[str, Any]:
    """进百家门 (households, visits, 微心愿, reports on a household's behalf); the web console."""
    admin_ids, tz, catalogue = frozenset(settings.admin_ids), settings.tz, intents.catalogue
    plan = VisitPlan(dict(settings.visit_days), settings.visit_every_days)
    return {
        "households": HouseholdService(sessions, admin_ids, plan, clock),
        "visit_log": VisitLog(sessions, admin_ids, plan, catalogue, audiences, clock),
        "visits": VisitQueries(sessions, admin_ids, clock, tz),
        "visit_sweep": VisitSweep(sessions, audiences, clock, tz),
        "wishes": WishService(sessions, admin_ids, audiences, clock),
        "on_behalf": OnBehalfService(sessions, admin_ids, intents, audiences, clock),
        "on_behalf_dialogue": OnBehalfDialogue(sessions, admin_ids, intents, audiences, clock),
        "web": WebAccess(sessions, admin_ids, clock, settings.console_url),
        "console": ConsoleQueue(sessions, catalogue, clock),
    }


def _casework(
    settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    catalogue: Catalogue,
    audiences: Audiences,
    feedback: FeedbackService,
    clock: Clock,
    calendar: WorkCalendar | None,
) -> dict[str, Any]:
    """Staff work on tickets, 核查/延期/申诉 and the deadline sweep (they share the pause)."""
    admin_ids, checked = frozenset(settings.admin_ids), checked_intents(catalogue)
    resumer = Resumer(catalogue, audiences, calendar)
    verify_wait = timedelta(hours=settings.verify_wait_hours)
    return {
        "work": WorkService(sessions, audiences, admin_ids, clock, checked, resumer),
        "review": ReviewService(sessions, audiences, admin_ids, clock, checked, resumer),
        "deadlines": DeadlineService(sessions, audiences, feedback, clock, verify_wait),
    }


def _figures(
    settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    catalogue: Catalogue,
    clock: Clock,
) -> dict[str, Any]:
    """/stats and the rates (考核指标)."""
    admin_ids, tz = frozenset(settings.admin_ids), settings.tz
    delayed = timedelta(minutes=settings.delayed_after_minutes)
    return {
        "stats": StatsService(sessions, catalogue, admin_ids, clock, tz, delayed),
        "rates": RatesService(sessions, admin_ids, clock, tz, _weights(settings.rate_weights)),
    }


def build_services(
    settings: Settings, *, matcher: Matcher | None = None, clock: Clock = utcnow
) -> Services:
    """Every service on one new engine, as the settings say: database, admin ids, time zone.

    The one way to build ``Services`` (the bot, the webhook, the CLI, benchmarks, tests).
    Tests pass their own ``clock`` and a ``matcher`` built once per session; otherwise
    the matcher is built when first used.
    """
    engine = create_engine(settings.database_url)
    sessions = create_sessionmaker(engine)
    admin_ids, tz = frozenset(settings.admin_ids), settings.tz
    intents = IntentEngine(matcher)
    catalogue, audiences = intents.catalogue, Audiences(admin_ids)
    dispatcher, calendar = Dispatcher(audiences), calendar_from(settings)
    feedback = FeedbackService(sessions, audiences, clock)
    give_up = timedelta(hours=settings.delivery_give_up_hours)
    return Services(
        engine=engine,
        sessions=sessions,
        admin_ids=admin_ids,
        intents=intents,
        clock=clock,
        areas=AreaService(sessions),
        staff=StaffService(sessions),
        staff_admin=StaffAdmin(sessions, admin_ids),
        updates=UpdateLog(sessions, admin_ids),
        registration=RegistrationService(sessions),
        reports=ReportService(
            sessions,
            intents,
            dispatcher,
            clock,
            tickets_per_hour=settings.tickets_per_hour,
            calendar=calendar,
        ),
        tickets=ResidentTickets(sessions, catalogue, audiences, clock, calendar),
        staff_tickets=StaffTickets(sessions, catalogue, admin_ids, clock, tz),
        my_tickets=MyTickets(sessions, catalogue),
        notifications=NotificationData(sessions, catalogue),
        feedback=feedback,
        outbox=OutboxService(sessions, clock, give_up),
        broadcast=BroadcastService(sessions, admin_ids, clock),
        notice_delivery=NoticeDeliveryService(sessions, clock, give_up),
        **_figures(settings, sessions, catalogue, clock),
        **_casework(settings, sessions, catalogue, audiences, feedback, clock, calendar),
        **_issue14(settings, sessions, intents, dispatcher, audiences, clock, calendar),
        **_visits_and_web(settings, sessions, intents, audiences, clock),
    )


def _weights(values: list[float]) -> tuple[float, float, float]:
    """The composite's weights (响应, 解决, 满意) from settings."""
    response, on_time, satisfaction = values
    return response, on_time, satisfaction
