"""The labelled messages the learned model is trained on, each with the source it came from.

Sources: the catalogue's examples, the example bank (examples.yaml) and the labelled files
shipped in `intents/train/` (2 columns: category, text; 4 columns: category, act, kind, text).
A text seen twice keeps its first labels (the files come first). Only the 4-column files label
the dialogue act.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from intents.catalogue import Catalogue
from intents.evaluate import read_rows
from intents.normalize import normalize

__all__ = ["TRAIN_DIR", "Sample", "load_samples", "training_files"]

TRAIN_DIR = Path(__file__).with_name("train")
NONE = "none"


@dataclass(frozen=True, slots=True)
class Sample:
    """One training message: normalised text, categories in order (none: empty), act, group."""

    text: str
    categories: tuple[str, ...]
    act: str | None
    kind: str | None
    group: str


def training_files(directory: Path | None = None) -> list[Path]:
    """The labelled files shipped for training, in a fixed order."""
    return sorted((directory or TRAIN_DIR).glob("*.tsv"))


def _bank_samples(bank: Mapping[str, Sequence[str]], keys: Sequence[str]) -> Iterable[Sample]:
    for label, texts in bank.items():
        if label != NONE and label not in keys:
            continue
        categories = () if label == NONE else (label,)
        for text in texts:
            yield Sample(text, categories, None, None, "examples")


def load_samples(
    catalogue: Catalogue,
    bank: Mapping[str, Sequence[str]],
    files: Sequence[Path],
) -> list[Sample]:
    """Every labelled message, normalised and de-duplicated (the first labels win)."""
    keys = catalogue.keys
    found: list[Sample] = []
    for path in files:  # first: the files that label acts too
        for row in read_rows(path):
            if all(c in keys for c in row.categories):
                found.append(Sample(row.text, row.categories, row.act, row.kind, path.stem))
    for intent in catalogue.intents:
        found.extend(Sample(t, (intent.key,), None, None, "catalogue") for t in intent.examples)
    found.extend(_bank_samples(bank, keys))
    seen: set[str] = set()
    samples = []
    for sample in found:
        text = normalize(sample.text)
        if text and text not in seen:
            seen.add(text)
            samples.append(Sample(text, sample.categories, sample.act, sample.kind, sample.group))
    return samples
