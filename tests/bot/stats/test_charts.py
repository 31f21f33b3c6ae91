"""The chart itself: Chinese labels render (no tofu), and the check would catch tofu."""

from __future__ import annotations

import io
import subprocess
import sys
import warnings

import pytest
from PIL import Image

from bot.chat.views import charts
from bot.queries.stats import Stats
from tests.bot.stats.conftest import GUAN
from tests.harness import BotHarness


async def _stats(month: BotHarness, days: int = 7) -> Stats:
    return await month.services.stats.for_admin(GUAN.id, days)


async def test_chinese_labels_have_every_glyph(month: BotHarness) -> None:
    stats = await _stats(month, 30)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph would raise here
        png = charts.render_png(stats)
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (1000, 900)
        assert len(image.getcolors(maxcolors=1_000_000) or []) > 50  # drawn, not blank


async def test_a_font_without_chinese_would_be_caught(month: BotHarness) -> None:
    stats = await _stats(month)
    with pytest.warns(UserWarning, match=r"Glyph \d+ .* missing from font"):
        charts.render_png(stats, family="DejaVu Sans")


async def test_an_empty_period_still_draws(month: BotHarness) -> None:
    month.clock.advance(days=90)
    png = charts.render_png(await _stats(month, 1))
    assert png.startswith(b"\x89PNG")


def test_starting_the_bot_does_not_load_matplotlib() -> None:
    code = (
        "import sys, bot.chat.app, bot.cli.main, bot.chat.handlers.admin.stats\n"
        "heavy = {m.split('.')[0] for m in sys.modules} & {'matplotlib', 'openpyxl', 'numpy'}\n"
        "print(sorted(heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
