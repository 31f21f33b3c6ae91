"""Broadcast pacing: one notice to many residents through the offline Bot API.

The fake Bot API answers 429 to every sendMessage beyond ``--limit`` a second (as Telegram
does above about 30/s); the bot's shared rate limiter is set to the same limit. Reports the
total time against the ideal (residents / limit), the 429s (all, and after the first
second), whether every resident got exactly one copy, and peak memory (tracemalloc).

    python benchmarks/broadcast.py                              # 10,000 residents at 30/s (~6 min)
    python benchmarks/broadcast.py --residents 600 --limit 300  # ~10 s, for CI (database-bound)
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path

from sqlalchemy import insert
from telegram.ext import ExtBot

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.bootstrap import Services, build_services
from bot.chat.senders.broadcaster import Broadcaster
from bot.chat.senders.ratelimit import Budget, SharedRateLimiter
from bot.config import Settings
from bot.services.broadcast import Audience, Scope
from storage.migrate import upgrade
from storage.models import Resident
from tests.botapi import FakeBotAPI

ADMIN = 900_000_001
FIRST_RESIDENT = 1_000_000


async def _residents(services: Services, count: int) -> None:
    """Registered residents without a grid (a settings admin's ``all`` reaches them)."""
    rows = [
        {
            "telegram_id": FIRST_RESIDENT + n,
            "display_name": f"居民{n}",
            "address": f"{n % 40 + 1}号楼{n % 6 + 1}单元{n % 30 + 101}",
            "registered": True,
            "blocked": False,
        }
        for n in range(count)
    ]
    async with services.sessions() as session, session.begin():
        await session.execute(insert(Resident), rows)


async def run(residents: int, limit: int) -> int:
    """Build everything on a temporary database, broadcast, print the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        await asyncio.to_thread(upgrade, url)
        settings = Settings(_env_file=None, database_url=url, admin_ids=[ADMIN])  # type: ignore[call-arg]
        services = build_services(settings)
        api = FakeBotAPI(clock=time.monotonic, flood_limit=limit)
        limiter = SharedRateLimiter(Budget(overall=limit), max_retries=3)
        bot: ExtBot[None] = ExtBot(
            "123456:BENCH", base_url="http://bot-api.invalid/bot", request=api,
            rate_limiter=limiter,
        )  # fmt: skip
        await bot.initialize()
        try:
            await _residents(services, residents)
            draft = await services.broadcast.draft(
                ADMIN, Audience(Scope.ALL), "台风预警：明天停课，请居民减少外出。", None, True
            )
            preview = await bot.send_message(ADMIN, "preview")
            await services.broadcast.start(ADMIN, draft.id, ADMIN, preview.message_id)
            broadcaster = Broadcaster(services.notice_delivery, bot)
            tracemalloc.start()
            started = time.monotonic()
            delivered = await broadcaster.drain()
            elapsed = time.monotonic() - started
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        finally:
            await bot.shutdown()
            await services.close()
    return _report(api, residents, limit, delivered, elapsed, peak, started)


def _report(
    api: FakeBotAPI,
    residents: int,
    limit: int,
    delivered: int,
    elapsed: float,
    peak: int,
    started: float,
) -> int:
    ideal = residents / limit
    copies = Counter(
        c.chat_id for c in api.sent(method="sendMessage") if c.chat_id and c.chat_id != ADMIN
    )
    late = sum(1 for t in api.floods if t - started > 1.0)
    exactly_once = len(copies) == residents and set(copies.values()) == {1}
    print(f"residents            {residents}")
    print(f"flood limit          {limit}/s (fake Bot API and rate limiter)")
    print(f"delivered            {delivered}  exactly once each: {exactly_once}")
    print(f"total time           {elapsed:.1f} s")
    print(f"ideal                {ideal:.1f} s   ({elapsed / ideal - 1:+.1%}; target within 5%)")
    print(f"rate                 {delivered / elapsed:.1f} copies/s")
    print(f"429 answers          {len(api.floods)} ({late} after the first second; target 0)")
    print(f"peak memory          {peak / 1e6:.1f} MB (tracemalloc, during delivery)")
    return 0


def main() -> int:
    """Parse arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--residents", type=int, default=10_000)
    parser.add_argument("--limit", type=int, default=30, help="sendMessage per second")
    args = parser.parse_args()
    return asyncio.run(run(args.residents, args.limit))


if __name__ == "__main__":
    raise SystemExit(main())
