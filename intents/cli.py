"""Command-line helpers: classify lines of text (optionally explained), evaluate a labelled file."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from intents.catalogue import load_catalogue
from intents.evaluate import NONE_LABEL, Evaluation, Row, evaluate, read_labelled, read_rows
from intents.matcher import Matcher
from intents.result import Act, EmergencyKind, IntentMatch

__all__ = [
    "Evaluation",
    "evaluate",
    "explain_text",
    "main",
    "read_labelled",
    "run_classify",
    "run_eval",
]

logger = logging.getLogger(__name__)


def _to_json(text: str, match: IntentMatch) -> str:
    return json.dumps(
        {
            "text": text,
            "intent": match.intent,
            "act": match.act.value,
            "confidence": match.confidence,
            "decision": match.decision.value,
            "categories": list(match.categories),
            "emergency": match.emergency,
            "emergency_kind": match.emergency_kind.value if match.emergency_kind else None,
            "alternatives": [
                {"intent": a.intent, "confidence": a.confidence} for a in match.alternatives
            ],
        },
        ensure_ascii=False,
    )


def explain_text(text: str, match: IntentMatch) -> str:
    """A readable account of a classification: the answer, then the evidence behind it."""
    kind = f" ({match.emergency_kind.value})" if match.emergency_kind else ""
    answer = match.intent or "none of the ten"
    head = [
        text,
        f"  → {answer}, confidence {match.confidence:.2f} ({match.decision.value}), "
        f"act {match.act.value}{kind}",
    ]
    if len(match.categories) > 1:
        head.append("  problems in order: " + ", ".join(match.categories))
    if match.alternatives:
        alts = ", ".join(f"{a.intent} {a.confidence:.2f}" for a in match.alternatives)
        head.append(f"  alternatives: {alts}")
    return "\n".join(head + [f"    {line}" for line in match.evidence]) + "\n"


def run_classify(
    stdin: TextIO, stdout: TextIO, matcher: Matcher | None = None, explain: bool = False
) -> int:
    """Classify one message per input line; one JSON object per line, or explained text."""
    matcher = matcher or Matcher(load_catalogue())
    for line in stdin:
        text = line.rstrip("\r\n")
        if explain:
            stdout.write(explain_text(text, matcher.explain(text)))
        else:
            stdout.write(_to_json(text, matcher.classify(text)) + "\n")
    return 0


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _report(ev: Evaluation, labels: Sequence[str], out: TextIO) -> None:
    out.write(f"messages            {ev.total}\n")
    out.write(f"accuracy            {ev.accuracy:.3f}\n")
    out.write(f"in-scope accuracy   {ev.in_scope_accuracy:.3f}  (n={ev.in_scope})\n")
    out.write(f"out-of-scope reject {ev.rejection_rate:.3f}  (n={ev.out_of_scope})\n")
    if ev.two_problems:
        out.write(f"two problems        {_pct(ev.two_problem_accuracy)}  (n={ev.two_problems})\n")
    if ev.act_accuracy is not None:
        out.write(f"dialogue act        {_pct(ev.act_accuracy)}\n")
    if ev.emergencies:
        out.write(f"emergency flagged   {_pct(ev.emergency_recall)}  (n={ev.emergencies})\n")
        out.write(f"emergency kind      {_pct(ev.kind_accuracy)}\n")
    if ev.false_emergencies is not None:
        out.write(f"false emergencies   {ev.false_emergencies}\n")
    out.write(f"\n{'intent':<22}{'prec':>6}{'rec':>6}{'f1':>6}{'n':>5}\n")
    for label, (p, r, f1, n) in ev.per_intent.items():
        out.write(f"{label:<22}{p:6.2f}{r:6.2f}{f1:6.2f}{n:5d}\n")
    out.write("\nconfusion (rows = label, columns = prediction; two problems: the first)\n")
    out.write(" " * 22 + "".join(f"{lab[:5]:>6}" for lab in labels) + "\n")
    for gold in labels:
        cells = "".join(f"{ev.confusion.get((gold, pred), 0):6d}" for pred in labels)
        out.write(f"{gold:<22}{cells}\n")
    if ev.acts:
        acts = [a.value for a in Act]
        out.write("\nacts (rows = label, columns = prediction)\n")
        out.write(" " * 22 + "".join(f"{a[:6]:>7}" for a in acts) + "\n")
        for gold in acts:
            cells = "".join(f"{ev.acts.get((gold, pred), 0):7d}" for pred in acts)
            out.write(f"{gold:<22}{cells}\n")
    out.write("\naccuracy by confidence (messages given an intent)\n")
    for band, (n, acc) in ev.buckets.items():
        out.write(f"  {band}  n={n:<4d} accuracy={acc:.3f}\n")


def _unknown(rows: Sequence[Row], keys: Sequence[str]) -> list[str]:
    """Labels in the file that the engine does not know."""
    known = {*keys, *(a.value for a in Act), *(k.value for k in EmergencyKind)}
    found = {c for r in rows for c in r.categories}
    found |= {r.act for r in rows if r.act} | {r.kind for r in rows if r.kind}
    return sorted(found - known)


def run_eval(path: Path, stdout: TextIO, matcher: Matcher | None = None) -> int:
    """Evaluate on a 2- or 4-column file and print the figures; 0 on success, 2 on bad input."""
    try:
        rows = read_rows(path)
    except (OSError, ValueError) as exc:
        stdout.write(f"error: {exc}\n")
        return 2
    matcher = matcher or Matcher(load_catalogue())
    unknown = _unknown(rows, matcher.catalogue.keys)
    if unknown:
        stdout.write(f"error: unknown labels {unknown}\n")
        return 2
    _report(evaluate(matcher, rows), [*matcher.catalogue.keys, NONE_LABEL], stdout)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m intents.cli classify [--explain]` or `python -m intents.cli eval FILE`."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["classify"] and args[1:] in ([], ["--explain"]):
        return run_classify(sys.stdin, sys.stdout, explain=args[1:] == ["--explain"])
    if args[:1] == ["eval"] and len(args) == 2:
        return run_eval(Path(args[1]), sys.stdout)
    sys.stderr.write("usage: python -m intents.cli classify [--explain] | eval FILE\n")
    return 2


if __name__ == "__main__":
    sys.exit(main())
