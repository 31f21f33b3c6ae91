"""deploy/entrypoint.sh, run for real with ``sh``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = ROOT / "deploy" / "entrypoint.sh"
AREAS = ROOT / "deploy" / "areas.example.yaml"

FAKE_GRIDBOT = """#!/bin/sh
echo "$*" >> "$GRIDBOT_FAKE_LOG"
[ "$*" != "db upgrade" ] || [ -z "${GRIDBOT_FAKE_FAIL_UPGRADE:-}" ] || exit 7
exit 0
"""


def _env(tmp_path: Path, path: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRIDBOT_")}
    env.update(HOME=str(tmp_path), PATH=path, **extra)
    return env


@pytest.fixture
def fake_bin(tmp_path: Path) -> Path:
    """A directory holding a fake ``gridbot`` that logs its arguments."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "gridbot"
    fake.write_text(FAKE_GRIDBOT)
    fake.chmod(0o755)
    return bin_dir


def _run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["sh", str(ENTRYPOINT), *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_syntax_is_posix_sh() -> None:
    assert subprocess.run(["sh", "-n", str(ENTRYPOINT)], capture_output=True).returncode == 0
    if shutil.which("dash"):
        assert subprocess.run(["dash", "-n", str(ENTRYPOINT)], capture_output=True).returncode == 0
    assert ENTRYPOINT.read_text().startswith("#!/bin/sh\n")
    assert os.access(ENTRYPOINT, os.X_OK)


def test_upgrades_then_runs_the_webhook_by_default(tmp_path: Path, fake_bin: Path) -> None:
    log = tmp_path / "calls.log"
    env = _env(tmp_path, f"{fake_bin}:/usr/bin:/bin", GRIDBOT_FAKE_LOG=str(log))
    result = _run(env=env)
    assert result.returncode == 0, result.stderr
    assert log.read_text().splitlines() == ["db upgrade", "run --webhook"]


def test_imports_areas_when_asked_and_passes_arguments(tmp_path: Path, fake_bin: Path) -> None:
    log = tmp_path / "calls.log"
    env = _env(
        tmp_path,
        f"{fake_bin}:/usr/bin:/bin",
        GRIDBOT_FAKE_LOG=str(log),
        GRIDBOT_AREAS_FILE="/data/my areas.yaml",
    )
    result = _run("run", env=env)
    assert result.returncode == 0, result.stderr
    assert log.read_text().splitlines() == [
        "db upgrade",
        "areas import --if-empty /data/my areas.yaml",
        "run",
    ]


def test_a_failed_upgrade_stops_before_the_bot(tmp_path: Path, fake_bin: Path) -> None:
    log = tmp_path / "calls.log"
    env = _env(
        tmp_path,
        f"{fake_bin}:/usr/bin:/bin",
        GRIDBOT_FAKE_LOG=str(log),
        GRIDBOT_FAKE_FAIL_UPGRADE="1",
    )
    result = _run(env=env)
    assert result.returncode == 7
    assert log.read_text().splitlines() == ["db upgrade"]


def test_with_the_real_gridbot_on_sqlite(tmp_path: Path) -> None:
    venv_bin = Path(sys.executable).parent
    if not (venv_bin / "gridbot").exists():
        pytest.skip("the gridbot console script is not installed next to this Python")
    env = _env(
        tmp_path,
        f"{venv_bin}:/usr/bin:/bin",
        GRIDBOT_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'entry.db'}",
        GRIDBOT_AREAS_FILE=str(AREAS),
        GRIDBOT_LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    result = _run("staff", "list", env=env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "database upgraded to head"
    assert lines[1].startswith(f"imported {AREAS}: 66 created")
    assert lines[2].startswith("no staff yet")  # the exec'd command ran on the migrated db
    again = _run("staff", "list", env=env)
    assert "areas already present; nothing imported" in again.stdout
