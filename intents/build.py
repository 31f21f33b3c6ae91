"""What the matcher builds once and caches: phrase index, resemblance model, learned model."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from intents import cache
from intents.catalogue import Catalogue
from intents.learned import LearnedModel, train
from intents.phrases import PhraseIndex
from intents.pinyin import export_tables, install_tables
from intents.similar import DEFAULT_BANK, SimilarityModel, load_bank
from intents.training import load_samples, training_files

__all__ = ["Built", "build"]


@dataclass(frozen=True, slots=True)
class Built:
    """The matcher's built parts."""

    index: PhraseIndex
    similar: SimilarityModel | None
    learned: LearnedModel


def build(
    scoped: Catalogue,
    catalogue: Catalogue,
    examples: Mapping[str, Sequence[str]] | None,
    train_dir: Path | None = None,
) -> Built:
    """Load the parts from the cache, or build them (training the model) and cache them.

    scoped: the catalogue plus the out-of-scope pseudo-intent; examples: the example bank
    (None: the packaged one); train_dir: the labelled training files (None: the packaged ones).
    """
    use_similar = catalogue.scoring.similarity_weight > 0
    source = DEFAULT_BANK.read_bytes() if examples is None else repr(examples).encode()
    files = training_files(train_dir)
    corpus = b"".join(p.name.encode() + p.read_bytes() for p in files)
    key = cache.cache_key(repr(scoped).encode(), source, corpus)
    state = cache.load(key)
    if state is not None:
        install_tables(state["chars"], state["syllables"])
        built: Built = state["built"]
        built.index.rebind(catalogue)
        return built
    bank = load_bank() if examples is None else examples
    similar = SimilarityModel(bank, catalogue.keys) if use_similar else None
    learned = train(load_samples(catalogue, bank, files), catalogue.keys)
    built = Built(PhraseIndex(scoped), similar, learned)
    chars, syllables = export_tables()
    cache.save(key, {"built": built, "chars": chars, "syllables": syllables})
    return built
