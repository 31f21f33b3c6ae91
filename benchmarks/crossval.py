"""Cross-validation of the intent engine grouped by writer: hold out one training file at a time.

The learned model is trained on every training message except the held-out file's, then the
whole engine (rules + model) classifies the held-out messages. The files of other writers
(`train_a`, `train_b`) are the honest proxy for a blind set: the cue rules were never tuned on
them. `dev3` is printed too but flatters the rules (they were tuned on it). The previous engine
(main at benchmarks/classify.py's PREVIOUS) is scored on the same files beside it.

    python benchmarks/crossval.py [--folds train_a,train_b,dev3] [--no-previous]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from classify import figures, load, previous_dir  # noqa: E402

from intents import Matcher, load_catalogue  # noqa: E402
from intents.evaluate import Row, evaluate  # noqa: E402
from intents.learned import train  # noqa: E402
from intents.similar import load_bank  # noqa: E402
from intents.training import Sample, load_samples, training_files  # noqa: E402


def rows_of(samples: list[Sample]) -> list[Row]:
    """The held-out samples as labelled rows."""
    return [Row(s.categories, s.text, s.act, s.kind) for s in samples]


def fold(
    held: str, samples: list[Sample], previous: Any
) -> tuple[int, dict[str, list[tuple[str, str]]]]:
    """How many messages the model was trained on, and the figures of the engine trained
    without `held` and of the previous engine, on `held`."""
    catalogue = load_catalogue()
    rest = [s for s in samples if s.group != held]
    rows = rows_of([s for s in samples if s.group == held])
    engine = Matcher(catalogue, learned=train(rest, catalogue.keys))
    result = {"current": figures(evaluate(engine, rows))}
    if previous is not None:
        result["previous"] = figures(evaluate(previous, rows))
    return len(rest), result


def main() -> int:
    """Print the figures of each fold, the engines side by side."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", default="train_a,train_b,dev3")
    parser.add_argument("--no-previous", action="store_true")
    args = parser.parse_args()
    catalogue = load_catalogue()
    samples = load_samples(catalogue, load_bank(), training_files())
    previous = None
    if not args.no_previous:
        module = load(previous_dir(), "intents_v1")
        previous = module.Matcher(module.load_catalogue())
    for held in args.folds.split(","):
        trained, result = fold(held, samples, previous)
        print(f"held out: {held} (the model trained on the other {trained} messages)")
        names = list(result)
        print(f"{'':<44}" + "".join(f"{name:>12}" for name in names))
        for n, (label, _) in enumerate(result["current"]):
            print(f"{label:<44}" + "".join(f"{result[k][n][1]:>12}" for k in names))
    return 0


if __name__ == "__main__":
    sys.exit(main())
