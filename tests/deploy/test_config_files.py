"""deploy/: the compose file, the systemd unit, the Dockerfile and the settings example."""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.config import Settings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SETTINGS_ENV = {f"GRIDBOT_{name.upper()}" for name in Settings.model_fields}
ENTRYPOINT_ONLY = {"GRIDBOT_AREAS_FILE"}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    """The parsed docker-compose.yml."""
    data: dict[str, Any] = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    return data


def test_compose_services_and_database_health(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert {"db", "bot", "proxy"} <= services.keys()
    db = services["db"]
    assert db["image"].startswith("postgres:15")
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert any(v.endswith(":/var/lib/postgresql/data") for v in db["volumes"])
    assert "pgdata" in compose["volumes"]


def test_compose_bots_run_webhook_mode_after_a_healthy_db(compose: dict[str, Any]) -> None:
    bot = compose["services"]["bot"]
    assert bot["command"] == ["run", "--webhook"]
    assert bot["deploy"]["replicas"] >= 2
    assert bot["depends_on"]["db"]["condition"] == "service_healthy"
    assert bot["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert (
        bot["env_file"] == ".env" and (DEPLOY / bot["build"]["dockerfile"].split("/")[-1]).is_file()
    )
    assert bot["environment"]["GRIDBOT_WEBHOOK_LISTEN"] == "0.0.0.0"
    assert "/healthz" in " ".join(bot["healthcheck"]["test"])
    migrate = compose["services"]["migrate"]
    assert migrate["command"] == ["db", "upgrade"]
    assert migrate["depends_on"]["db"]["condition"] == "service_healthy"


def test_compose_proxy_terminates_tls_for_the_bots(compose: dict[str, Any]) -> None:
    proxy = compose["services"]["proxy"]
    assert proxy["image"].startswith("caddy:")
    assert "443:443" in proxy["ports"]
    assert any(v.startswith("./Caddyfile:") for v in proxy["volumes"])
    caddyfile = (DEPLOY / "Caddyfile").read_text()
    assert "reverse_proxy" in caddyfile and "name bot" in caddyfile and "port 8080" in caddyfile
    assert "{$DOMAIN}" in caddyfile and "{$GRIDBOT_WEBHOOK_PATH" in caddyfile


def test_compose_names_only_real_settings(compose: dict[str, Any]) -> None:
    named: set[str] = set()
    for service in compose["services"].values():
        named |= {k for k in service.get("environment", {}) if k.startswith("GRIDBOT_")}
    assert named, "the bots are configured through GRIDBOT_* variables"
    assert named <= SETTINGS_ENV


def test_env_example_lists_every_setting_with_a_comment() -> None:
    lines = (DEPLOY / ".env.example").read_text().splitlines()
    keys: dict[str, int] = {}
    for n, line in enumerate(lines):
        match = re.match(r"^#?\s?(GRIDBOT_[A-Z_]+)=", line)
        if match:
            keys.setdefault(match.group(1), n)
    missing = SETTINGS_ENV - keys.keys()
    assert not missing, f"deploy/.env.example lacks {sorted(missing)}"
    assert keys.keys() - SETTINGS_ENV <= ENTRYPOINT_ONLY
    for key, n in keys.items():
        above = lines[n - 1]
        assert above.startswith("#"), f"{key} has no comment above it"


def test_env_example_parses_as_settings(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text((DEPLOY / ".env.example").read_text())
    settings = Settings(_env_file=env_file)  # type: ignore[call-arg]
    assert settings.webhook_url == "https://bot.example.org"
    assert settings.webhook_path == "/telegram" and settings.webhook_port == 8080


def _unit() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string((DEPLOY / "gridbot.service").read_text())
    return parser


def test_systemd_unit_has_the_required_keys() -> None:
    unit = _unit()
    service = unit["Service"]
    assert service["User"] == "gridbot"
    assert service["EnvironmentFile"].startswith("/etc/gridbot/")
    assert service["ExecStartPre"].endswith("gridbot db upgrade")
    assert service["ExecStart"].endswith("gridbot run --webhook")
    assert service["Restart"] == "on-failure"
    assert service["NoNewPrivileges"] == "yes" and service["ProtectSystem"] == "strict"
    assert unit["Install"]["WantedBy"] == "multi-user.target"
    assert "network-online.target" in unit["Unit"]["After"]


def test_systemd_unit_verifies(tmp_path: Path) -> None:
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed")
    gridbot = Path(sys.executable).parent / "gridbot"
    if not gridbot.exists():
        pytest.skip("the gridbot console script is not installed next to this Python")
    # verify checks that the executables exist: point the unit at this checkout's gridbot.
    text = (DEPLOY / "gridbot.service").read_text()
    text = text.replace("/opt/gridbot/.venv/bin/gridbot", str(gridbot))
    text = text.replace("WorkingDirectory=/opt/gridbot", f"WorkingDirectory={tmp_path}")
    unit = tmp_path / "gridbot.service"
    unit.write_text(text)
    env = {**os.environ, "SYSTEMD_LOG_LEVEL": "warning"}
    result = subprocess.run(
        ["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    assert "gridbot.service" not in result.stderr, result.stderr


def _dockerfile() -> list[str]:
    """Dockerfile instructions with line continuations joined."""
    text = (DEPLOY / "Dockerfile").read_text().replace("\\\n", " ")
    return [
        ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")
    ]


def test_dockerfile_is_slim_non_root_and_uses_the_entrypoint() -> None:
    instructions = _dockerfile()
    assert instructions[0] == "FROM python:3.11-slim"
    users = [i.split()[1] for i in instructions if i.startswith("USER ")]
    assert users and users[-1].split(":")[0] not in {"root", "0"}
    assert any(i.startswith("RUN pip install .") for i in instructions)
    assert 'ENTRYPOINT ["/app/deploy/entrypoint.sh"]' in instructions
    assert any("deploy/entrypoint.sh /app/deploy/entrypoint.sh" in i for i in instructions)
    assert 'CMD ["run", "--webhook"]' in instructions
    user_at = max(n for n, i in enumerate(instructions) if i.startswith("USER "))
    jieba_at = next(n for n, i in enumerate(instructions) if "jieba.initialize()" in i)
    assert user_at < jieba_at, "the caches are built as the bot's user"


def test_dockerfile_jieba_step_fills_the_cache(tmp_path: Path) -> None:
    """Run the image's cache-building commands here, with the cache directory redirected."""
    [step] = [i for i in _dockerfile() if "jieba.initialize()" in i]
    command = step.removeprefix("RUN ").replace("/var/cache/gridbot", str(tmp_path))
    venv_bin = Path(sys.executable).parent
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRIDBOT_")}
    env.update(TMPDIR=str(tmp_path), PATH=f"{venv_bin}:{env.get('PATH', '')}", HOME=str(tmp_path))
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run(["sh", "-c", command], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "jieba.cache").stat().st_size > 1_000_000
    assert list(tmp_path.glob("gridbot-jieba-*.txt")), "the project's trimmed dictionary"
