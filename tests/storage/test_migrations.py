"""Migrations build the schema the models describe, on a fresh database."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from storage.db import create_engine
from storage.migrate import current_heads
from storage.models import Base


def _diff(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def test_migrated_schema_matches_models(database_url: str) -> None:
    engine = create_engine(database_url)
    async with engine.connect() as conn:
        diff = await conn.run_sync(_diff)
        tables = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
        version = (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalar()
    await engine.dispose()
    assert diff == []
    assert set(Base.metadata.tables) <= tables
    assert version in current_heads()


def test_migrations_have_one_head() -> None:
    assert len(current_heads()) == 1
