"""Evaluation on labelled files: 2 columns (label, text) or 4 (category, act, kind, text).

Self-contained (standard library only, engines are duck-typed), so that the benchmark can
score the previous engine, which knows nothing of dialogue acts, with the same code.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

__all__ = ["NONE_LABEL", "Evaluation", "Row", "evaluate", "read_labelled", "read_rows"]

NONE_LABEL = "none"
NO_KIND = "-"


@dataclass(frozen=True, slots=True)
class Row:
    """One labelled message: its categories in order (none: empty), act and emergency kind."""

    categories: tuple[str, ...]
    text: str
    act: str | None = None
    kind: str | None = None

    @property
    def label(self) -> str:
        """The category column as written: a key, 'a+b', or 'none'."""
        return "+".join(self.categories) or NONE_LABEL


class _Engine(Protocol):
    def classify(self, text: str) -> Any:
        """Classify one message."""


def _row(n: int, path: Path, line: str) -> Row:
    cells = line.split("\t")
    if len(cells) == 2:
        return Row(_categories(cells[0]), cells[1])
    if len(cells) == 4:
        category, act, kind, text = cells
        kind = kind.strip()
        return Row(_categories(category), text, act.strip(), None if kind == NO_KIND else kind)
    raise ValueError(f"{path}:{n}: expected label<TAB>text or category<TAB>act<TAB>kind<TAB>text")


def _categories(cell: str) -> tuple[str, ...]:
    label = cell.strip()
    return () if label == NONE_LABEL else tuple(p.strip() for p in label.split("+"))


def read_rows(path: Path) -> list[Row]:
    """Read a 2- or 4-column file (blank lines and # comments skipped)."""
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            rows.append(_row(n, path, line))
    return rows


def read_labelled(path: Path) -> list[tuple[str, str]]:
    """Read `label<TAB>text` pairs (4-column files give their category column)."""
    return [(row.label, row.text) for row in read_rows(path)]


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Figures from comparing predictions with labels (None: not labelled or not predicted)."""

    total: int
    accuracy: float
    in_scope_accuracy: float
    rejection_rate: float
    per_intent: dict[str, tuple[float, float, float, int]]
    confusion: Counter[tuple[str, str]]
    buckets: dict[str, tuple[int, float]]
    in_scope: int = 0
    out_of_scope: int = 0
    two_problems: int = 0
    two_problem_accuracy: float | None = None
    act_accuracy: float | None = None
    acts: Counter[tuple[str, str]] | None = None
    emergencies: int = 0
    emergency_recall: float | None = None
    kind_accuracy: float | None = None
    false_emergencies: int | None = None


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


@dataclass(frozen=True, slots=True)
class _Outcome:
    row: Row
    intent: str
    categories: tuple[str, ...]
    confidence: float
    act: str | None
    kind: str | None
    emergency: bool

    @property
    def correct(self) -> bool:
        """Single problems: the main intent; two problems: both categories, in order."""
        if len(self.row.categories) > 1:
            return self.categories[: len(self.row.categories)] == self.row.categories
        return self.intent == self.row.label


def _outcome(engine: _Engine, row: Row) -> _Outcome:
    match = engine.classify(row.text)
    intent = match.intent or NONE_LABEL
    categories = tuple(getattr(match, "categories", ()))
    if not categories and match.intent:  # an engine without ordered categories: its alternatives
        categories = (match.intent, *(a.intent for a in match.alternatives))
    act = getattr(match, "act", None)
    kind = getattr(match, "emergency_kind", None)
    return _Outcome(
        row,
        intent,
        categories,
        float(match.confidence),
        None if act is None else str(act),
        None if kind is None else str(kind),
        bool(match.emergency) if act is None else act == "emergency",
    )


def evaluate(engine: _Engine, rows: Sequence[Row | tuple[str, str]]) -> Evaluation:
    """Classify every labelled row and compute accuracy figures."""
    outcomes = [
        _outcome(engine, r if isinstance(r, Row) else Row(_categories(r[0]), r[1])) for r in rows
    ]
    inside = [o for o in outcomes if o.row.categories]
    outside = [o for o in outcomes if not o.row.categories]
    two = [o for o in inside if len(o.row.categories) > 1]
    pairs = [(o.row.categories[0] if o.row.categories else NONE_LABEL, o.intent) for o in outcomes]
    labels = [*sorted({p for pair in pairs for p in pair} - {NONE_LABEL}), NONE_LABEL]
    acted = [o for o in outcomes if o.row.act is not None and o.act is not None]
    urgent = [o for o in outcomes if o.row.kind is not None]
    calm = [o for o in outcomes if o.row.act is not None and o.row.kind is None]
    kinds_known = any(o.kind is not None for o in outcomes) or bool(acted)
    return Evaluation(
        total=len(outcomes),
        accuracy=_ratio(sum(o.correct for o in outcomes), len(outcomes)),
        in_scope_accuracy=_ratio(sum(o.correct for o in inside), len(inside)),
        rejection_rate=_ratio(sum(o.intent == NONE_LABEL for o in outside), len(outside)),
        per_intent=_per_intent(pairs, labels),
        confusion=Counter(pairs),
        buckets=_buckets([(o.confidence, o.correct) for o in outcomes if o.intent != NONE_LABEL]),
        in_scope=len(inside),
        out_of_scope=len(outside),
        two_problems=len(two),
        two_problem_accuracy=_ratio(sum(o.correct for o in two), len(two)) if two else None,
        act_accuracy=_ratio(sum(o.act == o.row.act for o in acted), len(acted)) if acted else None,
        acts=Counter((str(o.row.act), str(o.act)) for o in acted) if acted else None,
        emergencies=len(urgent),
        emergency_recall=_ratio(sum(o.emergency for o in urgent), len(urgent)) if urgent else None,
        kind_accuracy=(
            _ratio(sum(o.kind == o.row.kind for o in urgent), len(urgent))
            if urgent and kinds_known
            else None
        ),
        false_emergencies=sum(o.emergency for o in calm) if calm else None,
    )
