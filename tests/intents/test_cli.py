"""The classify / eval command-line helpers."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from intents import Matcher
from intents.cli import main, run_classify, run_eval
from intents.evaluate import Row, evaluate
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
    assert set(rows[0]) >= {"text", "intent", "confidence", "alternatives"}  # v1 fields kept
    assert [r["act"] for r in rows] == ["report", "greeting", "greeting", "emergency"]
    assert (rows[3]["emergency"], rows[3]["emergency_kind"]) == (True, "fire")
    assert rows[0]["categories"] == ["parking"] and rows[0]["decision"] == "act"
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


def test_classify_explain_prints_the_evidence(matcher: Matcher) -> None:
    stdout = io.StringIO()
    assert (
        run_classify(io.StringIO("楼道里全是烟，呛得不行\n谢谢\n"), stdout, matcher, explain=True)
        == 0
    )
    text = stdout.getvalue()
    assert "→ fire_safety" in text and "act emergency (fire)" in text
    assert "楼道里全是烟" in text and "→fire_safety" in text  # the phrase that decided
    assert "→ none of the ten" in text and "act thanks (cue: 谢谢)" in text


def test_run_eval_reads_four_columns(matcher: Matcher, tmp_path: Path) -> None:
    data = tmp_path / "four.tsv"
    data.write_text(
        "# category<TAB>act<TAB>kind<TAB>text\n"
        "parking\treport\t-\t小区门口天天乱停车\n"
        "parking+drying\treport\t-\t停车位不够，晾衣服的地方也没有\n"
        "fire_safety\temergency\tgas\t厨房里一股煤气味，冲得很\n"
        "none\tthanks\t-\t谢谢闺女\n"
        "none\tgreeting\t-\t你好\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    assert run_eval(data, out, matcher) == 0
    text = out.getvalue()
    for line in (
        "in-scope accuracy   1.000  (n=3)",
        "out-of-scope reject 1.000  (n=2)",
        "two problems        1.000  (n=1)",
        "dialogue act        1.000",
        "emergency kind      1.000",
        "false emergencies   0",
    ):
        assert line in text
    assert "acts (rows = label" in text


def test_evaluation_counts_misses(matcher: Matcher) -> None:
    rows = [
        Row(("repair", "parking"), "停车位不够，晾衣服的地方也没有", "report"),
        Row((), "你好", "report"),
        Row(("fire_safety",), "楼道里全是烟", "emergency", "gas"),
    ]
    ev = evaluate(matcher, rows)
    assert (ev.in_scope_accuracy, ev.two_problem_accuracy) == (0.5, 0.0)
    assert ev.act_accuracy == pytest.approx(2 / 3)
    assert (ev.emergency_recall, ev.kind_accuracy) == (1.0, 0.0)


def test_run_eval_rejects_unknown_acts(matcher: Matcher, tmp_path: Path) -> None:
    data = tmp_path / "bad_act.tsv"
    data.write_text("none\tchat\t-\t你好\n", encoding="utf-8")
    out = io.StringIO()
    assert run_eval(data, out, matcher) == 2
    assert "chat" in out.getvalue()
    bad = tmp_path / "three.tsv"
    bad.write_text("none\tgreeting\t你好\n", encoding="utf-8")
    assert run_eval(bad, io.StringIO(), matcher) == 2


def test_main_classify_explain(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("厨房里一股煤气味\n"))
    assert main(["classify", "--explain"]) == 0
    out = capsys.readouterr().out
    assert "act emergency (gas)" in out and "煤气味→fire_safety" in out
