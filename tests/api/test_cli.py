"""``gridbot api-key create / list / revoke`` in-process, on the test database."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli.main import main


@pytest.fixture(autouse=True)
def logging_kept() -> Iterator[None]:
    """``main`` configures logging for the process: put the test run's back afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
    for handler in handlers:
        if handler not in root.handlers:
            root.addHandler(handler)
    root.setLevel(level)


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """``gridbot`` pointed at the test database, areas imported; returns the areas file."""
    for name in ("GRIDBOT_TELEGRAM_TOKEN", "GRIDBOT_ADMIN_IDS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GRIDBOT_DATABASE_URL", database_url)
    monkeypatch.chdir(tmp_path)
    areas = Path(__file__).resolve().parents[2] / "deploy" / "areas.example.yaml"
    assert main(["areas", "import", str(areas)]) == 0
    return areas


def test_create_prints_the_key_once_list_never_revoke_refuses(
    cli: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["api-key", "create", "--area", "cailing", "--name", "12345热线"]) == 0
    created = capsys.readouterr().out.splitlines()
    assert created[0] == "api key 1 for 12345热线 (cailing):"
    key = created[1]
    assert key.startswith("gbk_") and len(key) > 40
    assert "cannot be shown again" in created[2]

    assert main(["api-key", "list"]) == 0
    listed = capsys.readouterr().out
    assert key not in listed
    fields = listed.strip().split("\t")
    assert fields[0] == "1" and key.startswith(fields[1].rstrip("…"))
    assert fields[2:4] == ["12345热线", "cailing"] and fields[-1] == "active"

    assert main(["api-key", "revoke", "1"]) == 0
    assert capsys.readouterr().out.strip().split("\t")[-1].startswith("revoked ")


def test_unknown_area_or_key_is_one_clear_line(
    cli: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["api-key", "create", "--area", "nowhere", "--name", "x"]) == 1
    assert capsys.readouterr().err.strip() == "error: unknown area code: nowhere"
    assert main(["api-key", "revoke", "7"]) == 1
    assert capsys.readouterr().err.strip() == "error: no api key 7"
    assert main(["api-key", "list"]) == 0
    assert "no api keys yet" in capsys.readouterr().out
