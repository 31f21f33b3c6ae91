"""The learned model's lines of `--explain`: its top labels, their n-grams, the fused answer."""

from __future__ import annotations

import math
from collections.abc import Iterable

from intents.fusion import Fused, Fusion
from intents.learned import LearnedModel, Prediction

__all__ = ["model_lines"]

_TOP = 3


def _probabilities(
    margins: Iterable[tuple[str, float]], temperature: float
) -> list[tuple[str, float]]:
    pairs = list(margins)
    top = max(m for _, m in pairs)
    exps = [(k, math.exp(temperature * (m - top))) for k, m in pairs]
    total = sum(e for _, e in exps)
    return sorted(((k, e / total) for k, e in exps), key=lambda kv: -kv[1])


def _shown(pairs: Iterable[tuple[str, float]]) -> str:
    return ", ".join(f"{k} {p:.2f}" for k, p in list(pairs)[:_TOP])


def model_lines(
    model: LearnedModel, prediction: Prediction, fusion: Fusion, fused: Fused | None = None
) -> list[str]:
    """Readable lines: the model's best categories and acts with the n-grams behind the best."""
    labels = model.heads[0].labels
    scale = fusion.temperature * fusion.calibration
    categories = _probabilities(zip(labels, prediction.category, strict=True), scale)
    acts = _probabilities(prediction.act.items(), fusion.act_temperature)
    best, best_act = categories[0][0], acts[0][0]
    lines = [
        f"model: {_shown(categories)}; n-grams for {best}: "
        + (", ".join(model.top_features(prediction, best)) or "none known"),
        f"model act: {_shown(acts)}; n-grams for {best_act}: "
        + (", ".join(model.top_features(prediction, best_act)) or "none known"),
    ]
    if fused is not None:
        lines.append(f"rules + model: {_shown(fused.categories)}; act {_shown(fused.acts)}")
    return lines
