"""Rule evidence and the learned model combined: one log-linear score per category and per act.

Each category's score is the model's margin times `temperature` plus `rule_weight` times the
rule evidence for it (phrases, negations and the out-of-scope rival's, capped at `rule_cap` so
one strong phrase cannot drown the model); the same for the acts, where the rules' act adds
`act_rule_weight`. A softmax over the scores gives the confidence, so 'act' (≥ 0.72),
'confirm' (≥ 0.40) and 'unknown' are calibrated on held-out text. The weights were chosen by
cross-validation grouped by writer (README, "Measured accuracy").
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from intents.learned import LearnedModel

__all__ = ["Fused", "Fusion", "clause_problems", "fuse"]


@dataclass(frozen=True, slots=True)
class Fusion:
    """The weights of the combination."""

    temperature: float = 8.0
    rule_weight: float = 1.0
    rule_cap: float = 4.0
    none_factor: float = 0.9
    none_bias: float = 0.5
    act_temperature: float = 4.0
    act_rule_weight: float = 1.0
    model_emergency: bool = True
    model_emergency_min_chars: int = 6
    """Shorter messages (a name: "钱大爷") are never an emergency on the model's word alone."""
    calibration: float = 0.65
    keep_best: bool = True
    second_problem: float = 0.2


@dataclass(frozen=True, slots=True)
class Fused:
    """Probabilities per category (the ten plus none) and per act, best first."""

    categories: tuple[tuple[str, float], ...]
    acts: tuple[tuple[str, float], ...]

    @property
    def category(self) -> str:
        """The best category, or 'none'."""
        return self.categories[0][0]

    @property
    def act(self) -> str:
        """The best act."""
        return self.acts[0][0]


def _softmax(
    labels: Sequence[str], scores: list[float], scale: float = 1.0
) -> tuple[tuple[str, float], ...]:
    top = max(scores)
    exps = [math.exp(scale * (v - top)) for v in scores]
    total = sum(exps)
    pairs = zip(labels, [e / total for e in exps], strict=True)
    return tuple(sorted(pairs, key=_probability, reverse=True))


def _probability(pair: tuple[str, float]) -> float:
    return pair[1]


def fuse(
    fusion: Fusion,
    labels: Sequence[str],
    margins: Sequence[float],
    rule_scores: Sequence[float],
    acts: Mapping[str, float],
    rule_act: str,
) -> Fused:
    """Combine the model's margins with the rules' evidence (labels: the ten, then none)."""
    f = fusion
    t, w, cap = f.temperature, f.rule_weight, f.rule_cap
    scores = [t * m + w * min(r, cap) for m, r in zip(margins[:-1], rule_scores[:-1], strict=True)]
    scores.append(t * margins[-1] + w * min(rule_scores[-1] * f.none_factor, cap) + f.none_bias)
    act_scores = [f.act_temperature * m for m in acts.values()]
    act_labels = list(acts)
    if rule_act in acts:
        act_scores[act_labels.index(rule_act)] += f.act_rule_weight
    return Fused(_softmax(labels, scores, f.calibration), _softmax(act_labels, act_scores))


def clause_problems(
    model: LearnedModel,
    fusion: Fusion,
    categories: tuple[str, ...],
    intent: str | None,
    clauses: list[str],
) -> tuple[tuple[str, ...], dict[str, float]]:
    """The categories the model also finds in some clause (with `second_problem` probability),
    the main intent always; and each label's best probability over the clauses."""
    labels = model.heads[0].labels
    best: dict[str, float] = dict.fromkeys(labels, 0.0)
    for clause in clauses:
        margins = model.predict(clause).category
        for label, p in _softmax(labels, [fusion.temperature * m for m in margins]):
            best[label] = max(best[label], p)
    kept = tuple(k for k in categories if k == intent or best[k] >= fusion.second_problem)
    return kept, best
