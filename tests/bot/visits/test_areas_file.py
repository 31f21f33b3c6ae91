"""The example areas file's demo households: ``gridbot areas import`` brings them in,
idempotently; a wrong entry is named and nothing is imported."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.services.errors import AreaFileError
from tests.bot.test_cli import ROOT, gridbot
from tests.bot.workers.conftest import LIU
from tests.harness import BotHarness

EXAMPLE = ROOT / "deploy" / "areas.example.yaml"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A clean GRIDBOT_* environment with its own SQLite database."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("GRIDBOT_")}
    base.update(HOME=str(tmp_path), PYTHONPATH=str(ROOT), GRIDBOT_LOG_LEVEL="WARNING")
    base["GRIDBOT_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}"
    return base


def test_areas_import_brings_the_demo_households_once(env: dict[str, str]) -> None:
    assert gridbot("db", "upgrade", env=env).returncode == 0
    first = gridbot("areas", "import", str(EXAMPLE), env=env)
    assert first.returncode == 0, first.stderr
    assert "66 created" in first.stdout and "households: 5 created, 0 updated" in first.stdout
    second = gridbot("areas", "import", str(EXAMPLE), env=env)
    assert "households: 0 created, 5 updated" in second.stdout


def test_a_wrong_household_is_named_and_nothing_is_imported(
    env: dict[str, str], tmp_path: Path
) -> None:
    assert gridbot("db", "upgrade", env=env).returncode == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "areas:\n  - {code: a, name: 区}\n"
        "households:\n  - {grid: a, address: 1号楼101, name: 甲, care: [独居老人]}\n",
        encoding="utf-8",
    )
    result = gridbot("areas", "import", str(bad), env=env)
    assert (
        result.returncode == 1 and "household 1: care groups need 'consent: true'" in result.stderr
    )
    again = gridbot("areas", "import", "--if-empty", str(EXAMPLE), env=env)
    assert "66 created" in again.stdout  # the bad file left the database empty


async def test_the_demo_households_are_on_the_workers_list(grid: BotHarness) -> None:
    report = await grid.services.households.import_file(EXAMPLE)
    assert (report.created, report.updated) == (5, 0)
    [today] = await grid.say(LIU, "/visits")
    text = today.plain_text
    assert "共 4 户" in text and "1单元202 周奶奶（独居老人、高龄）" in text
    assert "赵奶奶" not in text  # 第五网格
    with pytest.raises(AreaFileError):
        grid.services.households.check_file(ROOT / "pyproject.toml")
