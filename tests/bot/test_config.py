"""Settings come from GRIDBOT_* variables and derive PTB's URLs."""

from __future__ import annotations

import pytest

from bot.config import Settings


def test_defaults_and_derived_urls(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("GRIDBOT_DATABASE_URL", "GRIDBOT_TELEGRAM_API_URL", "GRIDBOT_ADMIN_IDS"):
        monkeypatch.delenv(key, raising=False)
    s = Settings(_env_file=None)  # type: ignore[call-arg]
    assert s.database_url == "sqlite+aiosqlite:///gridbot.db"
    assert s.base_url == "https://api.telegram.org/bot"
    assert s.base_file_url == "https://api.telegram.org/file/bot"
    assert s.timezone == "Asia/Shanghai" and s.admin_ids == []


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRIDBOT_TELEGRAM_API_URL", "http://127.0.0.1:8081/")
    monkeypatch.setenv("GRIDBOT_ADMIN_IDS", "11, 22 33")
    monkeypatch.setenv("GRIDBOT_TELEGRAM_TOKEN", "123:tokenvalue")
    s = Settings(_env_file=None)  # type: ignore[call-arg]
    assert s.base_url == "http://127.0.0.1:8081/bot"
    assert s.base_file_url == "http://127.0.0.1:8081/file/bot"
    assert s.admin_ids == [11, 22, 33]
    assert "tokenvalue" not in repr(s)
    assert s.telegram_token is not None
    assert s.telegram_token.get_secret_value() == "123:tokenvalue"


def test_env_file_is_read(
    tmp_path: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GRIDBOT_LOG_LEVEL", raising=False)
    env_file = tmp_path / ".env"  # type: ignore[operator]
    env_file.write_text("GRIDBOT_LOG_LEVEL=DEBUG\n")
    assert Settings(_env_file=env_file).log_level == "DEBUG"  # type: ignore[call-arg]


def test_the_hotspot_watch_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GRIDBOT_HOTSPOT_WATCH_AT", raising=False)
    s = Settings(_env_file=None)  # type: ignore[call-arg]
    assert s.hotspot_watch_time.isoformat() == "08:00:00"
    assert s.hotspot_watch_time.tzinfo == s.tz
    monkeypatch.setenv("GRIDBOT_HOTSPOT_WATCH_AT", "18:45")
    assert Settings(_env_file=None).hotspot_watch_time.hour == 18  # type: ignore[call-arg]
    monkeypatch.setenv("GRIDBOT_HOTSPOT_WATCH_AT", "25:00")
    with pytest.raises(ValueError, match="pattern"):
        Settings(_env_file=None)  # type: ignore[call-arg]
