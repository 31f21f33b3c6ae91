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

__all__ = ["Fused", "Fusion", "fuse"]

NONE = "none"


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


def _softmax(scores: Mapping[str, float], scale: float = 1.0) -> tuple[tuple[str, float], ...]:
    top = max(scores.values())
    exps = {k: math.exp(scale * (v - top)) for k, v in scores.items()}
    total = sum(exps.values())
    return tuple(sorted(((k, e / total) for k, e in exps.items()), key=lambda kv: -kv[1]))


def fuse(
    fusion: Fusion,
    labels: Sequence[str],
    margins: Sequence[float],
    rule_scores: Sequence[float],
    acts: Mapping[str, float],
    rule_act: str,
) -> Fused:
    """Combine the model's margins (labels: the ten, then none) with the rules' evidence."""
    f = fusion
    scores = {}
    for label, margin, rule in zip(labels, margins, rule_scores, strict=True):
        evidence = rule * f.none_factor if label == NONE else rule
        bias = f.none_bias if label == NONE else 0.0
        scores[label] = f.temperature * margin + f.rule_weight * min(evidence, f.rule_cap) + bias
    act_scores = {
        a: f.act_temperature * m + (f.act_rule_weight if a == rule_act else 0.0)
        for a, m in acts.items()
    }
    return Fused(_softmax(scores, f.calibration), _softmax(act_scores))
