"""Helpers shared by the intents tests: one Matcher per test session, the labelled data sets."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from intents import Matcher, load_catalogue

DATA = Path(__file__).resolve().parent.parent / "data"
DEV = DATA / "intents_dev.tsv"
TEST = DATA / "intents_test.tsv"
TEST2 = DATA / "intents_test2.tsv"
DEV_ACTS = DATA / "intents_dev3.tsv"


@lru_cache(maxsize=1)
def shared_matcher() -> Matcher:
    """Build the matcher once per session (jieba's dictionary load is the slow part)."""
    return Matcher(load_catalogue())
