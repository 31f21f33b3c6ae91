"""The OpenAPI document against the implementation: schemathesis generates requests from the
served document (valid and invalid ones) and checks every answer against it, in-process on the
ASGI app, on SQLite and PostgreSQL.

The app's engine is used only on schemathesis's event loop (its ASGI transport runs one), and
is disposed of there by the app's lifespan when the test ends.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from starlette.applications import Starlette

from bot.bootstrap import build_services
from bot.config import Settings
from bot.serve.api import build_api
from bot.services.api_keys import ApiKeyService
from intents import Matcher
from storage.models import StaffRole
from tests.conftest import _in_thread

BASE = "http://testserver"


async def _prepare(config: Settings, matcher: Matcher, areas: Path) -> str:
    """Areas, a worker, and a key of 采菱社区 on the test database; the key."""
    services = build_services(config, matcher=matcher)
    try:
        await services.areas.import_file(areas)
        await services.staff.add(3001, StaffRole.WORKER, ["cailing-02"], "刘芳")
        _, key = await ApiKeyService(services.sessions, services.clock).create("12345", ["cailing"])
        return key
    finally:
        await services.close()


@pytest.fixture
def api_env(
    settings: Settings, matcher: Matcher, areas_file: Path
) -> tuple[schemathesis.schemas.BaseSchema, str]:
    """The served document loaded by schemathesis from the mounted app, and a valid key."""
    config = settings.model_copy(update={"api_burst": 1_000_000})
    key = _in_thread(_prepare(config, matcher, areas_file))
    services = build_services(config, matcher=matcher)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        await services.close()

    # The API app itself, at the root: the document's server ("/api") is where the webhook
    # mounts it (tests/api/test_mount.py); Starlette's Mount answers paths it cannot match
    # (a newline in a path parameter) itself, in plain text, outside the API.
    app = build_api(services, config)
    app.router.lifespan_context = lifespan
    return schemathesis.openapi.from_asgi("/openapi.json", app), key


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_api_conforms_to_its_openapi_document(
    api_env: tuple[Any, str], mode: GenerationMode
) -> None:
    schema, key = api_env

    answered: Counter[tuple[str, int]] = Counter()

    @given(case=schema.as_strategy(mode))
    @settings(
        max_examples=120,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def conforms(case: Any) -> None:
        response = case.call_and_validate(base_url=BASE, headers={"X-API-Key": key})
        answered[(case.operation.label.split(" ")[0], response.status_code)] += 1

    conforms()
    if mode is GenerationMode.POSITIVE:  # the generated requests reached every endpoint
        assert {("GET", 200), ("POST", 201)} <= set(answered), answered
    else:
        assert any(status == 400 for _, status in answered), answered
