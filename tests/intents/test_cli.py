"""The classify / eval command-line helpers."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from intents import Matcher
from intents.cli import main, run_classify, run_eval
from tests.intents._shared import shared_matcher


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return shared_matcher()


def test_run_classify_writes_one_json_object_per_line(matcher: Matcher) -> None:
    stdin = io.StringIO("小区停车太难了\n你好\n\n楼下着火了\n")
    stdout = io.StringIO()
    assert run_classify(stdin, stdout, matcher) == 0
    rows = [json.loads(line) for line in stdout.getvalue().splitlines()]
    assert [r["text"] for r in rows] == ["小区停车太难了", "你好", "", "楼下着火了"]
    assert [r["intent"] for r in rows] == ["parking", None, None, "fire_safety"]
    assert set(rows[0]) == {"text", "intent", "confidence", "alternatives"}
    assert "停车" in stdout.getvalue()  # ensure_ascii=False
    assert all(0.0 <= r["confidence"] <= 1.0 for r in rows)


def test_run_eval_prints_all_figures(matcher: Matcher, tmp_path: Path) -> None:
    data = tmp_path / "mini.tsv"
    data.write_text(
        "parking\t停车太难了\nrepair\t路灯坏了\nnone\t你好\nnone\t谢谢\n# comment\n\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    assert run_eval(data, out, matcher) == 0
    text = out.getvalue()
    assert "accuracy            1.000" in text
    assert "out-of-scope reject 1.000" in text
    for word in ("in-scope accuracy", "prec", "confusion", "parking", "none"):
        assert word in text


def test_run_eval_rejects_bad_files(matcher: Matcher, tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("no tab here\n", encoding="utf-8")
    out = io.StringIO()
    assert run_eval(bad, out, matcher) == 2
    assert "error" in out.getvalue()
    unknown = tmp_path / "unknown.tsv"
    unknown.write_text("weather\t今天天气\n", encoding="utf-8")
    assert run_eval(unknown, io.StringIO(), matcher) == 2
    assert run_eval(tmp_path / "missing.tsv", io.StringIO(), matcher) == 2


def test_main_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bogus"]) == 2
    assert "usage" in capsys.readouterr().err
