"""Similarity to known messages: a character n-gram naive Bayes model over an example bank.

Keyword evidence is precise but brittle: a resident who describes a scam without any
of the catalogue's words gets no intent at all. This model looks at the message as a
bag of characters and character pairs and asks which intent's example messages (or the
out-of-scope ones) it resembles most. The matcher uses it only as a fallback, when
keyword evidence is weak.
"""

from __future__ import annotations

import itertools
import logging
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, cast

from intents.normalize import is_cjk, normalize

__all__ = ["DEFAULT_BANK", "NONE", "SimilarityModel", "features", "load_bank"]

logger = logging.getLogger(__name__)

DEFAULT_BANK = Path(__file__).with_name("examples.yaml")
NONE = "none"
"""The bank's label for messages that are not about any intent."""

_ALPHA = 0.3
"""Additive smoothing of feature counts."""
_BIGRAM_WEIGHT = 1.5
"""Character pairs say more than single characters."""
_STOP = frozenset("的了是我俺们你他她这那个有在就也都还吗呢吧啊呀嘛啥咋么一不")
"""Characters too common to tell intents apart (they still count inside pairs)."""


def features(text: str) -> dict[str, float]:
    """Weighted character unigrams and bigrams of a normalised text (clauses kept apart)."""
    found: dict[str, float] = {}
    for clause in text.split("，"):
        chars = [c for c in clause if is_cjk(c)]
        for ch in chars:
            if ch not in _STOP:
                found[ch] = 1.0
        for a, b in itertools.pairwise(chars):
            found[a + b] = _BIGRAM_WEIGHT
    return found


def load_bank(path: Path | None = None) -> dict[str, tuple[str, ...]]:
    """Read the example bank: a yaml mapping label -> list of messages."""
    import yaml

    path = path or DEFAULT_BANK
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        logger.warning("cannot read example bank %s; similarity fallback disabled", path)
        return {}
    if not isinstance(raw, dict):
        return {}
    doc = cast(dict[str, Any], raw)
    return {
        str(label): tuple(str(t) for t in texts if str(t).strip())
        for label, texts in doc.items()
        if isinstance(texts, list)
    }


class SimilarityModel:
    """Multinomial naive Bayes (uniform priors) over character n-grams."""

    def __init__(self, bank: Mapping[str, Sequence[str]], labels: Iterable[str]) -> None:
        """Train on the bank's messages for the given labels (plus 'none')."""
        self.labels: tuple[str, ...] = (*labels, NONE)
        n = len(self.labels)
        counts: dict[str, list[float]] = {}
        totals = [0.0] * n
        for c, label in enumerate(self.labels):
            for text in bank.get(label, ()):
                for feat, w in features(normalize(text)).items():
                    counts.setdefault(feat, [0.0] * n)[c] += w
                    totals[c] += w
        vocab = len(counts)
        self._log: dict[str, tuple[float, ...]] = {
            feat: tuple(
                math.log((row[c] + _ALPHA) / (totals[c] + _ALPHA * vocab)) for c in range(n)
            )
            for feat, row in counts.items()
        }
        self.trained = bool(counts) and all(totals)

    def __len__(self) -> int:
        return len(self._log)

    def log_likelihoods(self, normalized: str) -> list[float]:
        """Log-likelihood of the text under each label (self.labels order); all 0 if untrained."""
        n = len(self.labels)
        scores = [0.0] * n
        if not self.trained:
            return scores
        table = self._log
        for feat, w in features(normalized).items():
            row = table.get(feat)
            if row is not None:
                scores = [s + w * r for s, r in zip(scores, row, strict=True)]
        return scores

    def probabilities(self, normalized: str) -> tuple[float, ...]:
        """Posterior probability of each label (self.labels order); uniform if no evidence."""
        scores = self.log_likelihoods(normalized)
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return tuple(e / total for e in exps)
