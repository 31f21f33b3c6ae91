"""The figures themselves, against the hand-built month (tests/bot/stats/conftest.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.queries.stats import Count, Ratings, SelfService, median
from bot.services.errors import Forbidden
from tests.bot.stats.conftest import GUAN, LIU
from tests.conftest import ADMIN_ID
from tests.harness import BotHarness

PARKING, FIRE, SANITATION, REPAIR = ("停车问题", "消防安全", "环境卫生", "设施维修")
OTHER = ""  # outside the catalogue: the views name it 其他问题 (tests/bot/stats/test_command.py)


async def test_an_admin_of_cailing_sees_exactly_its_figures(month: BotHarness) -> None:
    stats = await month.services.stats.for_admin(GUAN.id, 7)
    assert (stats.first_day, stats.last_day, stats.days) == (date(2025, 6, 9), date(2025, 6, 15), 7)
    assert stats.scope == ("采菱社区",)
    assert stats.total == 7  # the 府后 ticket and the one from 06-08 23:30 are not counted
    assert stats.by_intent == (
        Count("parking", PARKING, 3),
        Count("fire_safety", FIRE, 1),
        Count("other", OTHER, 1),
        Count("repair", REPAIR, 1),
        Count("sanitation", SANITATION, 1),
    )
    assert stats.by_grid == (
        Count("cailing-02", "第二网格", 4),
        Count("cailing-05", "第五网格", 3),
    )
    assert [(c.key, c.count) for c in stats.by_status] == [
        ("assigned", 1),
        ("accepted", 1),
        ("closed", 4),
        ("cancelled", 1),
    ]
    assert stats.median_accept == timedelta(hours=1)  # 0.5, 1, 1, 2, 3
    assert stats.median_resolve == timedelta(hours=15)  # 4, 10, 20, 30
    assert (stats.resolved, stats.resolved_in_time, stats.in_time_share) == (4, 3, 0.75)
    assert stats.ratings == Ratings(satisfied=1, fairly_satisfied=1, dissatisfied=1, default=1)
    assert stats.ratings.satisfaction == pytest.approx(2 / 3)
    assert stats.self_service == SelfService(solved=2, escalated=1, unanswered=1)
    assert stats.self_service.share == 0.5
    assert stats.overdue == 2  # never taken past respond-by; in hand since 06-08 past resolve-by


async def test_tickets_per_day_in_local_days(month: BotHarness) -> None:
    stats = await month.services.stats.for_admin(GUAN.id, 7)
    assert stats.daily == {
        date(2025, 6, 9): {"parking": 1},  # 07:00 in Shanghai is still 06-08 in UTC
        date(2025, 6, 10): {},
        date(2025, 6, 11): {"parking": 1},
        date(2025, 6, 12): {"fire_safety": 1, "sanitation": 1},
        date(2025, 6, 13): {"other": 1},
        date(2025, 6, 14): {"parking": 1},
        date(2025, 6, 15): {"repair": 1},
    }


async def test_settings_admins_see_every_area(month: BotHarness) -> None:
    stats = await month.services.stats.for_admin(ADMIN_ID, 7)
    assert stats.scope == () and stats.total == 8
    assert stats.by_grid[-1] == Count("fuhou-01", "第一网格（建安名家南院）", 1)
    assert stats.by_intent[0] == Count("parking", PARKING, 4)
    assert stats.self_service == SelfService(solved=3, escalated=1, unanswered=1)
    assert stats.overdue == 2


async def test_a_longer_period_and_the_whole_database(month: BotHarness) -> None:
    stats = await month.services.stats.overall(30)
    assert stats.total == 9 and stats.first_day == date(2025, 5, 17)
    assert stats.median_accept == timedelta(hours=1.5)  # 0.5, 1, 1, 2, 2, 3
    assert stats.by_intent[:2] == (Count("parking", PARKING, 4), Count("repair", REPAIR, 2))
    assert stats.self_service.total == 5  # the answer from 33 days ago is outside


async def test_an_empty_period_has_no_shares(month: BotHarness) -> None:
    month.clock.advance(days=60)
    stats = await month.services.stats.for_admin(GUAN.id, 1)
    assert stats.total == 0 and stats.by_grid == () and stats.daily == {stats.last_day: {}}
    assert stats.median_accept is None and stats.in_time_share is None
    assert stats.ratings.satisfaction is None and stats.self_service.share is None
    assert stats.overdue == 3  # the open ones, now all late


async def test_workers_have_no_statistics(month: BotHarness) -> None:
    with pytest.raises(Forbidden):
        await month.services.stats.for_admin(12345, 7)
    worker = await month.services.stats.for_admin(LIU.id, 7)  # the service scopes; access.py gates
    assert worker.by_grid == (Count("cailing-02", "第二网格", 4),)


def test_median_of_an_even_count_is_the_mean_of_the_middle_two() -> None:
    hours = [timedelta(hours=h) for h in (4, 30, 10, 20)]
    assert median(hours) == timedelta(hours=15) and median([]) is None
