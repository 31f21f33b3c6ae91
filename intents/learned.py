"""The learned part: linear classifiers over character n-grams, scored without scikit-learn.

Three heads share one feature space: the category (the ten intents plus 'none'), the dialogue
act, and the emergency kind (trained on the emergencies only). They are trained with
scikit-learn's linear SVM when the start-up cache is built (liblinear with a fixed seed:
deterministic), then exported to numpy arrays, so classifying costs one dictionary look-up per
n-gram and one small matrix sum, and needs no sklearn import.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from intents.result import Act, EmergencyKind
from intents.training import Sample

if TYPE_CHECKING:  # numpy is imported when a model is built or loaded, not with the package
    import numpy as np
    import numpy.typing as npt

__all__ = ["ACTS", "KINDS", "Head", "LearnedModel", "Prediction", "grams", "train"]

NONE = "none"
ACTS: tuple[str, ...] = tuple(a.value for a in Act)
KINDS: tuple[str, ...] = tuple(k.value for k in EmergencyKind)
_MAX_N = 3
_SKIP = frozenset("<>，")
_C = 0.5
"""Inverse regularisation strength (chosen by grouped cross-validation)."""
_MIN_COUNT = 1
"""An n-gram must occur in this many training messages to be a feature."""


def grams(normalized: str) -> list[str]:
    """Character 1- to 3-grams of a normalised text, with its start and end marked."""
    text = f"<{normalized}>"
    n = len(text)
    found = [text[i] for i in range(1, n - 1) if text[i] != "，"]
    found += [text[i : i + 2] for i in range(n - 1)]
    found += [text[i : i + 3] for i in range(n - 2)]
    return found


@dataclass(frozen=True, slots=True)
class Head:
    """One classifier's labels and its columns in the shared weight matrix."""

    labels: tuple[str, ...]
    start: int

    @property
    def stop(self) -> int:
        """One past the head's last column."""
        return self.start + len(self.labels)


@dataclass(frozen=True, slots=True)
class Prediction:
    """Margins per label of each head (linear scores), and the known n-grams' rows."""

    category: tuple[float, ...]
    act: dict[str, float]
    kind: dict[str, float]
    rows: list[int]


class LearnedModel:
    """Exported weights: vocabulary, idf, one matrix with a column per label of each head (rows
    already multiplied by their n-gram's idf: scoring sums rows and divides by the norm)."""

    def __init__(
        self,
        vocabulary: dict[str, int],
        idf: npt.NDArray[np.float64],
        weights: npt.NDArray[np.float32],
        bias: npt.NDArray[np.float64],
        heads: tuple[Head, Head, Head],
    ) -> None:
        """Keep the exported arrays (heads: category, act, kind)."""
        self.vocabulary = vocabulary
        self.idf = idf
        self.bias = bias
        self.heads = heads
        import numpy as np

        squares = (idf * idf).astype(weights.dtype)[:, None]
        self._table = np.ascontiguousarray(np.hstack([weights, squares]))
        """The weights plus a last column of squared idf: one row sum gives margins and norm."""
        self._bias: list[float] = bias.tolist()
        self._by_row: dict[int, str] | None = None

    @property
    def weights(self) -> npt.NDArray[np.float32]:
        """The weight matrix: a row per n-gram, a column per label of each head."""
        return self._table[:, :-1]

    def __len__(self) -> int:
        return len(self.vocabulary)

    def predict(self, normalized: str) -> Prediction:
        """The heads' margins for a normalised text."""
        found = set(map(self.vocabulary.get, grams(normalized)))
        found.discard(None)
        rows: list[int] = list(found)  # type: ignore[arg-type]
        if rows:  # else no evidence at all: every label alike, the rules decide
            total = self._table.take(rows, axis=0).sum(axis=0).tolist()
            scale = math.sqrt(total[-1])
            margins = [b + t / scale for b, t in zip(self._bias, total, strict=False)]
        else:
            margins = [0.0] * len(self.bias)
        cat, act, kind = self.heads
        return Prediction(
            tuple(margins[cat.start : cat.stop]),
            dict(zip(act.labels, margins[act.start : act.stop], strict=True)),
            dict(zip(kind.labels, margins[kind.start : kind.stop], strict=True)),
            rows,
        )

    def top_features(self, prediction: Prediction, label: str, count: int = 4) -> list[str]:
        """The n-grams that spoke most for a label beside the head's other labels."""
        head = next(h for h in self.heads if label in h.labels)
        if not prediction.rows:
            return []
        col = head.start + head.labels.index(label)
        block = self.weights.take(prediction.rows, axis=0)
        scale = math.sqrt(float(self._table[prediction.rows, -1].sum()))
        gain = (block[:, col] - block[:, head.start : head.stop].mean(axis=1)) / scale
        order = (-gain).argsort(kind="stable")[:count]
        names = self._names()
        return [f"{names[prediction.rows[i]]} {gain[i]:+.2f}" for i in order if gain[i] > 0]

    def _names(self) -> dict[int, str]:
        """Row -> n-gram (built on first use: only --explain needs it)."""
        if self._by_row is None:
            self._by_row = {r: g for g, r in self.vocabulary.items()}
        return self._by_row


def _matrix(docs: Sequence[list[int]], idf: npt.NDArray[np.float64], width: int) -> Any:
    """Rows of l2-normalised idf weights (scipy sparse), as the scorer computes them."""
    from scipy import sparse

    data: list[float] = []
    cols: list[int] = []
    ptr = [0]
    for idx in docs:
        w = idf[idx]
        norm = math.sqrt(float(w @ w)) or 1.0
        data.extend((w / norm).tolist())
        cols.extend(idx)
        ptr.append(len(cols))
    return sparse.csr_matrix((data, cols, ptr), shape=(len(docs), width))


def _fit(
    x: Any, y: list[int], n: int, c: float, balanced: bool
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """One linear SVM per label against the rest (liblinear: deterministic, well under 1 s);
    balanced: rare labels weigh more (the acts: grouped cross-validation found +1 to +4 points)."""
    import numpy as np
    from sklearn.svm import LinearSVC

    fit = LinearSVC(C=c, random_state=0, class_weight="balanced" if balanced else None).fit(x, y)
    coef = np.zeros((n, x.shape[1]))
    bias = np.full(n, -9.0)  # a label never seen in training is never predicted
    coef[fit.classes_] = fit.coef_
    bias[fit.classes_] = fit.intercept_
    return coef, bias


def train(samples: Sequence[Sample], keys: Sequence[str], c: float = _C) -> LearnedModel:
    """Fit the three heads on the samples (scikit-learn is imported here only) and export them."""
    import numpy as np

    docs = [list(dict.fromkeys(grams(s.text))) for s in samples]
    counts: dict[str, int] = {}
    for doc in docs:
        for g in doc:
            counts[g] = counts.get(g, 0) + 1
    kept = sorted(g for g, k in counts.items() if k >= _MIN_COUNT)
    vocab = {g: i for i, g in enumerate(kept)}
    idf = np.array([math.log((1 + len(docs)) / (1 + counts[g])) + 1 for g in kept])
    rows = [[vocab[g] for g in doc if g in vocab] for doc in docs]
    width = len(kept)
    labels = (*keys, NONE)
    cat = [(i, labels.index(k)) for i, s in enumerate(samples) for k in s.categories or (NONE,)]
    act = [(i, ACTS.index(str(s.act))) for i, s in enumerate(samples) if s.act in ACTS]
    kind = [(i, KINDS.index(str(s.kind))) for i, s in enumerate(samples) if s.kind in KINDS]
    parts = [
        _fit(_matrix([rows[i] for i, _ in pairs], idf, width), [y for _, y in pairs], n, c, bal)
        for pairs, n, bal in (
            (cat, len(labels), False),
            (act, len(ACTS), True),
            (kind, len(KINDS), False),
        )
    ]
    weights = np.vstack([coef for coef, _ in parts]).T * idf[:, None]
    bias = np.concatenate([b for _, b in parts])
    heads = (Head(labels, 0), Head(ACTS, len(labels)), Head(KINDS, len(labels) + len(ACTS)))
    exported = np.ascontiguousarray(weights, dtype=np.float32)  # half the cache, same answers
    return LearnedModel(vocab, idf, exported, bias, heads)
