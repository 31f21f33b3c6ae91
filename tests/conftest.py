"""Shared fixtures: a fresh real database per test, the Application on the offline Bot API.

Every database test runs on SQLite, and again on PostgreSQL when
``GRIDBOT_TEST_DATABASE_URL`` points at a server (one database per test session, migrated
with Alembic; every table truncated before each test).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from bot.bootstrap import Services, build_services
from bot.chat.app import build_application
from bot.config import Settings
from intents import Matcher, load_catalogue
from storage.migrate import upgrade
from tests.botapi import FakeBotAPI
from tests.harness import BotHarness

PG_ENV = "GRIDBOT_TEST_DATABASE_URL"
ADMIN_ID = 900_000_001
PG_URL = os.environ.get(PG_ENV, "")
PG_SKIP = (
    f"PostgreSQL tests skipped: {PG_ENV} is not set "
    "(e.g. postgresql+asyncpg://postgres@127.0.0.1:5432/test); database tests ran on SQLite only"
)
BACKENDS = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]


def pytest_report_header() -> str:
    """Say once, at the top, which databases the suite runs on."""
    return "databases: sqlite + postgresql" if PG_URL else PG_SKIP


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Repeat the PostgreSQL skip line at the end, where people look."""
    if not PG_URL:
        terminalreporter.write_line(PG_SKIP)


def pytest_sessionstart(session: pytest.Session) -> None:
    """Under CI, PostgreSQL must be tested: refuse to run without it."""
    if os.environ.get("CI") and not PG_URL and not os.environ.get("GRIDBOT_ALLOW_NO_PG"):
        pytest.exit(f"CI run without PostgreSQL: set {PG_ENV}", returncode=3)


def _in_thread(coro: Coroutine[Any, Any, Any]) -> Any:
    """Run a coroutine (or Alembic, which starts its own loop) outside the test's loop."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated once with Alembic; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite+aiosqlite:///{path}")
    return path


async def _pg_admin(url: str, sql: str) -> None:
    import asyncpg

    u = make_url(url)
    conn = await asyncpg.connect(
        host=u.host, port=u.port, user=u.username, password=u.password, database=u.database
    )
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def pg_session_url() -> Iterator[str]:
    """A PostgreSQL database of its own for this test session, migrated with Alembic."""
    name = f"gridbot_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    _in_thread(_pg_admin(PG_URL, f'CREATE DATABASE "{name}"'))
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    try:
        with ThreadPoolExecutor(1) as pool:
            pool.submit(upgrade, url).result()
        yield url
    finally:
        _in_thread(_pg_admin(PG_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _truncate_pg(url: str) -> None:
    import asyncpg

    u = make_url(url)
    conn = await asyncpg.connect(
        host=u.host, port=u.port, user=u.username, password=u.password, database=u.database
    )
    try:
        tables = await conn.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "AND tablename <> 'alembic_version'"
        )
        names = ", ".join(f'"{t["tablename"]}"' for t in tables)
        if names:
            await conn.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    finally:
        await conn.close()


@pytest.fixture(params=BACKENDS)
async def database_url(
    request: pytest.FixtureRequest, sqlite_template: Path, tmp_path: Path
) -> str:
    """A fresh, migrated, empty database for one test."""
    if request.param == "sqlite":
        path = tmp_path / "gridbot.db"
        shutil.copy(sqlite_template, path)
        return f"sqlite+aiosqlite:///{path}"
    url: str = request.getfixturevalue("pg_session_url")
    await _truncate_pg(url)
    return url


@pytest.fixture
def settings(database_url: str) -> Settings:
    """Settings for tests: a fake token, the test database, one configured admin."""
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_token="123456:TEST-TOKEN",
        database_url=database_url,
        telegram_api_url="http://bot-api.invalid",
        admin_ids=[ADMIN_ID],
        rate_limiter=False,
    )


@pytest.fixture(scope="session")
def matcher() -> Matcher:
    """The intent matcher, built once per test session (jieba loads once)."""
    return Matcher(load_catalogue())


class FakeClock:
    """A clock tests can move forward; starts at the real time."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        """Move the clock forward (``hours=3``, ``days=4`` …)."""
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    """The clock every service uses in a test."""
    return FakeClock()


@pytest.fixture
async def services(
    settings: Settings, matcher: Matcher, clock: FakeClock
) -> AsyncIterator[Services]:
    """Domain services on the test database, on the test's clock."""
    built = build_services(settings, matcher=matcher, clock=clock)
    yield built
    await built.close()


@pytest.fixture
def api() -> FakeBotAPI:
    """The offline Bot API."""
    return FakeBotAPI()


@pytest.fixture
async def harness(
    settings: Settings, services: Services, api: FakeBotAPI
) -> AsyncIterator[BotHarness]:
    """The real Application, initialised (post_init run) on the offline Bot API."""
    app = build_application(settings, services, request=api)
    await app.initialize()
    if app.post_init is not None:
        await app.post_init(app)
    yield BotHarness(app=app, api=api, services=services, settings=settings)
    await app.shutdown()


@pytest.fixture
def areas_file() -> Path:
    """The example areas file shipped in deploy/."""
    return Path(__file__).resolve().parent.parent / "deploy" / "areas.example.yaml"


@pytest.fixture
async def bot(harness: BotHarness, areas_file: Path) -> BotHarness:
    """The harness with the example areas imported."""
    await harness.services.areas.import_file(areas_file)
    harness.api.clear()
    return harness
