"""Real headless Chromium (Debian's ``/usr/bin/chromium``) driven by Playwright, and the console
served by uvicorn on a free local port, in the test's own event loop.

Outside CI a machine without the browser or Playwright skips with one line; under ``CI=true``
the browser tests must run (``.ci/run`` installs chromium).
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from starlette.applications import Starlette

CHROMIUM = os.environ.get("GRIDBOT_CHROMIUM", "/usr/bin/chromium")
SKIP = (
    f"browser tests skipped: no Chromium at {CHROMIUM} or no playwright "
    "(apt-get install chromium; pip install playwright)"
)
DOCS = Path(__file__).resolve().parents[2] / "docs"


def require_browser() -> None:
    """Skip (fail under CI) when Chromium or Playwright is missing."""
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        found = False
    else:
        found = Path(CHROMIUM).is_file() or shutil.which(CHROMIUM) is not None
    if found:
        return
    if os.environ.get("CI"):
        pytest.fail(SKIP.replace("skipped", "cannot run under CI"))
    pytest.skip(SKIP)


def screenshot_dir(tmp_path: Path) -> Path:
    """Where screenshots go: ``docs/`` with GRIDBOT_SCREENSHOTS=1, else the test's tmp dir."""
    return DOCS if os.environ.get("GRIDBOT_SCREENSHOTS") else tmp_path


@asynccontextmanager
async def served(app: Starlette) -> AsyncIterator[str]:
    """Serve ``app`` on 127.0.0.1 and a free port; its base URL."""
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_config=None, lifespan="off")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 (uvicorn offers no event to wait on)
        await asyncio.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


@asynccontextmanager
async def chromium() -> AsyncIterator[Any]:
    """A headless Chromium browser (Playwright's ``Browser``)."""
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            yield browser
        finally:
            await browser.close()
