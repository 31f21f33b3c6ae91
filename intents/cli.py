"""Command-line helpers: classify lines of text, evaluate on a labelled TSV file."""

from __future__ import annotations

import itertools
import json
import logging
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from intents.catalogue import load_catalogue
from intents.matcher import IntentMatch, Matcher

__all__ = ["Evaluation", "evaluate", "main", "read_labelled", "run_classify", "run_eval"]

logger = logging.getLogger(__name__)

NONE_LABEL = "none"


def _to_json(text: str, match: IntentMatch) -> str:
    return json.dumps(
        {
            "text": text,
            "intent": match.intent,
            "confidence": match.confidence,
            "alternatives": [
                {"intent": a.intent, "confidence": a.confidence} for a in match.alternatives
            ],
        },
        ensure_ascii=False,
    )


def run_classify(stdin: TextIO, stdout: TextIO, matcher: Matcher | None = None) -> int:
    """Classify one message per input line; write one JSON object per line."""
    matcher = matcher or Matcher(load_catalogue())
    for line in stdin:
        text = line.rstrip("\r\n")
        stdout.write(_to_json(text, matcher.classify(text)) + "\n")
    return 0


def read_labelled(path: Path) -> list[tuple[str, str]]:
    """Read `label<TAB>text` lines (blank lines and # comments skipped)."""
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        label, sep, text = line.partition("\t")
        if not sep:
            raise ValueError(f"{path}:{n}: expected label<TAB>text")
        rows.append((label.strip(), text))
    return rows


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Figures from comparing predictions with labels."""

    total: int
    accuracy: float
    in_scope_accuracy: float
    rejection_rate: float
    per_intent: dict[str, tuple[float, float, float, int]]
    confusion: Counter[tuple[str, str]]
    buckets: dict[str, tuple[int, float]]


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _per_intent(
    pairs: Sequence[tuple[str, str]], labels: Iterable[str]
) -> dict[str, tuple[float, float, float, int]]:
    result = {}
    for label in labels:
        tp = sum(1 for gold, pred in pairs if gold == pred == label)
        predicted = sum(1 for _, pred in pairs if pred == label)
        support = sum(1 for gold, _ in pairs if gold == label)
        p, r = _ratio(tp, predicted), _ratio(tp, support)
        result[label] = (p, r, 2 * p * r / (p + r) if p + r else 0.0, support)
    return result


def _buckets(scored: Sequence[tuple[float, bool]]) -> dict[str, tuple[int, float]]:
    """Accuracy per confidence band, for predictions that named an intent."""
    edges = (0.0, 0.4, 0.5, 0.6, 0.72, 0.8, 0.9, 1.01)
    result = {}
    for lo, hi in itertools.pairwise(edges):
        inside = [ok for conf, ok in scored if lo <= conf < hi]
        result[f"{lo:.2f}-{min(hi, 1.0):.2f}"] = (len(inside), _ratio(sum(inside), len(inside)))
    return result


def evaluate(matcher: Matcher, rows: Sequence[tuple[str, str]]) -> Evaluation:
    """Classify every labelled row and compute accuracy figures."""
    pairs: list[tuple[str, str]] = []
    scored: list[tuple[float, bool]] = []
    for gold, text in rows:
        match = matcher.classify(text)
        pred = match.intent or NONE_LABEL
        pairs.append((gold, pred))
        if match.intent:
            scored.append((match.confidence, pred == gold))
    in_scope = [(g, p) for g, p in pairs if g != NONE_LABEL]
    out_scope = [(g, p) for g, p in pairs if g == NONE_LABEL]
    labels = [*matcher.catalogue.keys, NONE_LABEL]
    return Evaluation(
        total=len(pairs),
        accuracy=_ratio(sum(g == p for g, p in pairs), len(pairs)),
        in_scope_accuracy=_ratio(sum(g == p for g, p in in_scope), len(in_scope)),
        rejection_rate=_ratio(sum(p == NONE_LABEL for _, p in out_scope), len(out_scope)),
        per_intent=_per_intent(pairs, labels),
        confusion=Counter(pairs),
        buckets=_buckets(scored),
    )


def _report(ev: Evaluation, labels: Sequence[str], out: TextIO) -> None:
    out.write(f"messages            {ev.total}\n")
    out.write(f"accuracy            {ev.accuracy:.3f}\n")
    out.write(f"in-scope accuracy   {ev.in_scope_accuracy:.3f}\n")
    out.write(f"out-of-scope reject {ev.rejection_rate:.3f}\n\n")
    out.write(f"{'intent':<22}{'prec':>6}{'rec':>6}{'f1':>6}{'n':>5}\n")
    for label, (p, r, f1, n) in ev.per_intent.items():
        out.write(f"{label:<22}{p:6.2f}{r:6.2f}{f1:6.2f}{n:5d}\n")
    out.write("\nconfusion (rows = label, columns = prediction)\n")
    short = [lab[:5] for lab in labels]
    out.write(" " * 22 + "".join(f"{s:>6}" for s in short) + "\n")
    for gold in labels:
        cells = "".join(f"{ev.confusion.get((gold, pred), 0):6d}" for pred in labels)
        out.write(f"{gold:<22}{cells}\n")
    out.write("\naccuracy by confidence (messages given an intent)\n")
    for band, (n, acc) in ev.buckets.items():
        out.write(f"  {band}  n={n:<4d} accuracy={acc:.3f}\n")


def run_eval(path: Path, stdout: TextIO, matcher: Matcher | None = None) -> int:
    """Evaluate on a `label<TAB>text` file and print the figures; 0 on success, 2 on bad input."""
    try:
        rows = read_labelled(path)
    except (OSError, ValueError) as exc:
        stdout.write(f"error: {exc}\n")
        return 2
    matcher = matcher or Matcher(load_catalogue())
    labels = [*matcher.catalogue.keys, NONE_LABEL]
    unknown = sorted({g for g, _ in rows} - set(labels))
    if unknown:
        stdout.write(f"error: unknown labels {unknown}\n")
        return 2
    _report(evaluate(matcher, rows), labels, stdout)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m intents.cli classify` or `python -m intents.cli eval FILE`."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["classify"] and len(args) == 1:
        return run_classify(sys.stdin, sys.stdout)
    if args[:1] == ["eval"] and len(args) == 2:
        return run_eval(Path(args[1]), sys.stdout)
    sys.stderr.write("usage: python -m intents.cli classify | eval FILE\n")
    return 2


if __name__ == "__main__":
    sys.exit(main())
