"""The ``gridbot`` console script, run as a user would run it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def gridbot(*args: str, env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run ``gridbot ARGS`` in a subprocess with a clean GRIDBOT_* environment."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        input=stdin,
        env=env,
        cwd=env["HOME"],
        timeout=60,
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("GRIDBOT_")}
    base["HOME"] = str(tmp_path)
    base["PYTHONPATH"] = str(ROOT)
    base["GRIDBOT_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    return base


def test_db_upgrade_areas_import_staff(env: dict[str, str]) -> None:
    areas = str(ROOT / "deploy" / "areas.example.yaml")
    up = gridbot("db", "upgrade", env=env)
    assert up.returncode == 0, up.stderr
    first = gridbot("areas", "import", areas, env=env)
    assert first.returncode == 0, first.stderr
    assert "66 created, 0 updated, 0 unchanged" in first.stdout
    second = gridbot("areas", "import", areas, env=env)
    assert "0 created, 0 updated, 66 unchanged" in second.stdout
    skipped = gridbot("areas", "import", "--if-empty", areas, env=env)
    assert "nothing imported" in skipped.stdout
    add = gridbot(
        "staff", "add", "501", "--role", "worker", "--grid", "cailing-01", "--grid",
        "cailing-02", "--name", "管网格员", env=env,
    )  # fmt: skip
    assert add.returncode == 0, add.stderr
    admin = gridbot("staff", "add", "601", "--role", "admin", "--community", "cailing", env=env)
    assert admin.returncode == 0, admin.stderr
    listing = gridbot("staff", "list", env=env)
    assert listing.stdout.splitlines() == [
        "601\tadmin\t\tcailing",
        "501\tworker\t管网格员\tcailing-01,cailing-02",
    ]


def test_staff_errors_are_one_clear_line(env: dict[str, str]) -> None:
    gridbot("db", "upgrade", env=env)
    bad = gridbot("staff", "add", "1", "--role", "worker", "--grid", "nowhere", env=env)
    assert bad.returncode == 1
    assert bad.stderr.strip() == "error: unknown area code(s): nowhere"


def test_bad_area_file_names_line_and_imports_nothing(env: dict[str, str], tmp_path: Path) -> None:
    gridbot("db", "upgrade", env=env)
    bad = tmp_path / "bad.yaml"
    bad.write_text("areas:\n  - code: a\n    name: 区\n    children:\n      - {code: b}\n")
    result = gridbot("areas", "import", str(bad), env=env)
    assert result.returncode == 1
    assert f"{bad}:5: field 'name' of b must be a non-empty text" in result.stderr
    assert "Traceback" not in result.stderr


def test_run_without_token_explains_botfather(env: dict[str, str]) -> None:
    result = gridbot("run", env=env)
    assert result.returncode == 2
    assert "@BotFather" in result.stderr and "GRIDBOT_TELEGRAM_TOKEN" in result.stderr
    assert "没有设置" in result.stderr and "No Telegram bot token" in result.stderr


def test_run_with_unreachable_api_fails_cleanly(env: dict[str, str]) -> None:
    env = {
        **env,
        "GRIDBOT_TELEGRAM_TOKEN": "123:abc",
        "GRIDBOT_TELEGRAM_API_URL": "http://127.0.0.1:9",
    }
    result = gridbot("run", env=env)
    assert result.returncode == 1
    assert "http://127.0.0.1:9" in result.stderr and "连接不上" in result.stderr
    assert "Traceback" not in result.stderr


def test_invalid_setting_is_reported(env: dict[str, str]) -> None:
    result = gridbot("staff", "list", env={**env, "GRIDBOT_TIMEZONE": "Mars/Base"})
    assert result.returncode == 2 and "invalid configuration" in result.stderr
