"""Render docs/stats-sample.png: a realistic month of 采菱社区 (seeded, no database needed).

Run: .venv/bin/python docs/stats_sample.py
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from bot.chat.views import charts
from bot.queries.stats import Count, Ratings, SelfService, Stats

INTENTS = {  # name: relative weight in a typical month
    "停车问题": 9,
    "环境卫生": 7,
    "设施维修": 6,
    "消防安全": 3,
    "充电桩问题": 3,
    "矛盾纠纷": 2,
    "养老服务": 2,
    "其他问题": 2,
}
GRIDS = {"第一网格": 1.2, "第二网格": 1.5, "第三网格": 0.8, "第四网格": 1.0, "第五网格": 1.3,
         "第六网格": 0.6, "第七网格": 0.9, "第八网格": 0.5}  # fmt: skip


def sample(days: int = 30, seed: int = 12) -> Stats:
    """A month of tickets drawn with a fixed seed."""
    rng = random.Random(seed)
    last = date(2025, 6, 15)
    first = last - timedelta(days=days - 1)
    daily: dict[date, dict[str, int]] = {}
    by_intent: Counter[str] = Counter()
    by_grid: Counter[str] = Counter()
    for i in range(days):
        day = first + timedelta(days=i)
        weekend = day.weekday() >= 5
        tickets = rng.choices(
            list(INTENTS), list(INTENTS.values()), k=rng.randint(2, 5 + 3 * weekend)
        )
        daily[day] = dict(Counter(tickets))
        by_intent.update(tickets)
        by_grid.update(rng.choices(list(GRIDS), list(GRIDS.values()), k=len(tickets)))
    total = sum(by_intent.values())
    return Stats(
        days=days,
        first_day=first,
        last_day=last,
        scope=("采菱社区",),
        total=total,
        by_intent=tuple(Count(n, n, c) for n, c in by_intent.most_common()),
        by_grid=tuple(Count(n, n, c) for n, c in by_grid.most_common()),
        by_status=(),
        daily=daily,
        median_accept=timedelta(hours=2.5),
        median_resolve=timedelta(hours=30),
        resolved=total - 9,
        resolved_in_time=total - 17,
        ratings=Ratings(satisfied=61, fairly_satisfied=22, dissatisfied=5, default=14),
        self_service=SelfService(solved=31, escalated=9, unanswered=6),
        overdue=3,
    )


if __name__ == "__main__":
    out = Path(__file__).with_name("stats-sample.png")
    out.write_bytes(charts.render_png(sample()))
    print(f"wrote {out}")
