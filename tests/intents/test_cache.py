"""The start-up cache gives the same matcher as a fresh build, and survives corruption."""

from __future__ import annotations

from pathlib import Path

import pytest

from intents import Matcher, cache, load_catalogue

TEXTS = ["楼道灯坏了", "xiaofang tongdao bei du le", "有人冒充警察让我转账", "你好"]


def test_cached_matcher_classifies_like_a_fresh_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache.tempfile, "gettempdir", lambda: str(tmp_path))
    built = Matcher(load_catalogue())
    assert list(tmp_path.glob("gridbot-intents-*.pickle"))
    loaded = Matcher(load_catalogue())
    assert [built.classify(t) for t in TEXTS] == [loaded.classify(t) for t in TEXTS]


def test_corrupt_cache_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache.tempfile, "gettempdir", lambda: str(tmp_path))
    Matcher(load_catalogue())
    for path in tmp_path.glob("gridbot-intents-*.pickle"):
        path.write_bytes(b"not a pickle")
    assert Matcher(load_catalogue()).classify("楼道灯坏了").intent == "repair"


def test_key_changes_with_inputs() -> None:
    assert cache.cache_key(b"a") != cache.cache_key(b"b")
    assert cache.cache_key(b"a") == cache.cache_key(b"a")
