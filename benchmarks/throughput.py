"""End-to-end throughput: residents' reports through the real Application, offline.

Each update goes through the whole bot — idempotency guard, role lookup, the intent
matcher, a ticket with its dispatch notices written to the outbox, and the reply — with
the offline Bot API double and no rate limiter. Prints updates/second and p50/p99 latency
for SQLite, PostgreSQL with one process, and PostgreSQL with two processes.

    python benchmarks/throughput.py --residents 200 --messages 3 --concurrency 8
    python benchmarks/throughput.py --skip-postgres          # where no PostgreSQL runs
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PG_BASE = os.environ.get("GRIDBOT_BENCH_PG", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")


def _texts() -> list[str]:
    lines = (ROOT / "tests" / "data" / "intents_dev.tsv").read_text(encoding="utf-8").splitlines()
    pairs = [line.split("\t", 1) for line in lines if "\t" in line and not line.startswith("#")]
    return [text for label, text in pairs if label != "none"]


async def _prepare(url: str, residents: int) -> None:
    """Areas, one worker per grid of 采菱社区, and registered residents, straight into the DB."""
    from bot.bootstrap import build_services
    from bot.config import Settings
    from storage.models import Resident, StaffRole
    from storage.uow import unit_of_work

    settings = Settings(_env_file=None, database_url=url, admin_ids=[])  # type: ignore[call-arg]
    services = build_services(settings)
    try:
        await services.areas.import_file(ROOT / "deploy" / "areas.example.yaml")
        for n in range(1, 9):
            await services.staff.add(800_000 + n, StaffRole.WORKER, [f"cailing-{n:02d}"], f"工{n}")
        async with unit_of_work(services.sessions) as repos:
            grids = (await repos.areas.by_codes([f"cailing-{n:02d}" for n in range(1, 9)])).values()
            ids = [g.id for g in grids]
            for i in range(residents):
                repos.residents.add(
                    Resident(
                        telegram_id=1_000_000 + i,
                        display_name=f"居民{i}",
                        grid_id=ids[i % len(ids)],
                        address=f"{i % 20 + 1}号楼",
                        registered=True,
                    )
                )
    finally:
        await services.close()


async def _run(
    url: str, first: int, count: int, messages: int, concurrency: int, barrier: Any = None
) -> tuple[list[float], float, float]:
    """Send ``messages`` reports from each of ``count`` residents.

    Returns the per-update latencies and the wall-clock start and end of the load (after
    start-up, so only the handling of updates is measured)."""
    from telegram import Update

    from bot.bootstrap import build_services
    from bot.chat.app import build_application
    from bot.config import Settings
    from tests.botapi import FakeBotAPI
    from tests.updates import TgUser, UpdateFactory

    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_token="1:BENCH",
        database_url=url,
        rate_limiter=False,
        telegram_api_url="http://bench.invalid",
    )
    services = build_services(settings)
    services.matcher.classify("")  # load the matcher before timing
    app = build_application(settings, services, request=FakeBotAPI())
    await app.initialize()
    factory = UpdateFactory()
    factory._update_ids = iter(range(first * 1000 + 1, 10**12))  # type: ignore[assignment]
    texts = _texts()
    gate = asyncio.Semaphore(concurrency)
    latencies: list[float] = []

    async def one(i: int, k: int) -> None:
        user = TgUser(1_000_000 + first + i, f"居民{first + i}")
        update = Update.de_json(factory.text(user, texts[(i * 7 + k) % len(texts)]), app.bot)
        async with gate:
            start = time.perf_counter()
            await app.process_update(update)
            latencies.append(time.perf_counter() - start)

    if barrier is not None:
        await asyncio.to_thread(barrier.wait)  # every process starts the load together
    begin = time.time()
    try:
        for k in range(messages):
            await asyncio.gather(*(one(i, k) for i in range(count)))
        end = time.time()
    finally:
        await app.shutdown()
    return latencies, begin, end


def _worker(args: tuple[str, int, int, int, int, Any, Any]) -> None:
    url, first, count, messages, concurrency, queue, barrier = args
    queue.put(asyncio.run(_run(url, first, count, messages, concurrency, barrier)))


def measure(
    url: str, residents: int, messages: int, concurrency: int, processes: int
) -> dict[str, float]:
    """Run the load in ``processes`` processes; figures over all updates."""
    share = residents // processes
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    barrier = ctx.Barrier(processes)
    procs = [
        ctx.Process(
            target=_worker,
            args=((url, p * share, share, messages, concurrency, queue, barrier),),
        )
        for p in range(processes)
    ]
    for p in procs:
        p.start()
    results = [queue.get(timeout=1800) for _ in procs]
    for p in procs:
        p.join()
    latencies = [lat for lats, _, _ in results for lat in lats]
    wall = max(end for _, _, end in results) - min(begin for _, begin, _ in results)
    return _figures(latencies, wall)


def _figures(latencies: list[float], wall: float) -> dict[str, float]:
    ordered = sorted(latencies)
    return {
        "updates": len(ordered),
        "per_second": len(ordered) / wall,
        "p50_ms": statistics.median(ordered) * 1000,
        "p99_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
        "wall_s": wall,
    }


async def _pg_database(create: bool, name: str) -> None:
    import asyncpg
    from sqlalchemy.engine import make_url

    u = make_url(PG_BASE)
    conn = await asyncpg.connect(host=u.host, port=u.port, user=u.username, database=u.database)
    try:
        sql = (
            f'CREATE DATABASE "{name}"'
            if create
            else f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
        )
        await conn.execute(sql)
    finally:
        await conn.close()


def _fresh_pg(name: str) -> str:
    from sqlalchemy.engine import make_url

    from storage.migrate import upgrade

    asyncio.run(_pg_database(True, name))
    url = make_url(PG_BASE).set(database=name).render_as_string(hide_password=False)
    upgrade(url)
    return url


def main() -> int:
    """Parse options, run each configuration on a fresh database, print the figures."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--residents", type=int, default=200)
    parser.add_argument("--messages", type=int, default=3, help="reports per resident")
    parser.add_argument("--concurrency", type=int, default=8, help="updates in flight per process")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    from storage.migrate import upgrade

    print(f"machine: {os.cpu_count()} cores; {args.residents} residents × {args.messages} reports")
    runs: list[tuple[str, str, int]] = []
    tmp = Path(tempfile.mkdtemp(prefix="gridbot-bench-"))
    sqlite_url = f"sqlite+aiosqlite:///{tmp / 'bench.db'}"
    upgrade(sqlite_url)
    runs.append(("sqlite, 1 process", sqlite_url, 1))
    pg_names: list[str] = []
    if not args.skip_postgres:
        for procs in (1, 2):
            name = f"gridbot_bench_{uuid.uuid4().hex[:8]}"
            pg_names.append(name)
            runs.append(
                (f"postgresql, {procs} process{'es' if procs > 1 else ''}", _fresh_pg(name), procs)
            )
    try:
        for label, url, procs in runs:
            asyncio.run(_prepare(url, args.residents))
            f = measure(url, args.residents, args.messages, args.concurrency, procs)
            print(
                f"{label:26} {f['updates']:6.0f} updates in {f['wall_s']:6.1f} s  "
                f"{f['per_second']:7.1f} updates/s  "
                f"p50 {f['p50_ms']:6.1f} ms  p99 {f['p99_ms']:7.1f} ms"
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        for name in pg_names:
            asyncio.run(_pg_database(False, name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
