"""Accuracy floors on the labelled dev and held-out test sets, and catalogue examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from intents import Matcher
from intents.cli import evaluate, read_labelled
from intents.evaluate import read_rows
from tests.intents._shared import DEV, DEV_ACTS, TEST, TEST2, shared_matcher

IN_SCOPE_FLOOR = 0.95
REJECTION_FLOOR = 0.90
ACT_FLOOR = 0.95


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return shared_matcher()


@pytest.mark.parametrize("path", [DEV, TEST, TEST2], ids=["dev", "test", "test2"])
def test_accuracy_floors(matcher: Matcher, path: Path) -> None:
    if not path.is_file():
        pytest.skip(f"{path.name} not present")
    ev = evaluate(matcher, read_labelled(path))
    assert ev.in_scope_accuracy >= IN_SCOPE_FLOOR, f"in-scope accuracy {ev.in_scope_accuracy:.3f}"
    assert ev.rejection_rate >= REJECTION_FLOOR, f"rejection rate {ev.rejection_rate:.3f}"


def test_dev_set_is_big_and_varied() -> None:
    rows = read_labelled(DEV)
    labels = [label for label, _ in rows]
    for key in shared_matcher().catalogue.keys:
        assert labels.count(key) >= 35, key
    assert labels.count("none") >= 60


def test_catalogue_examples_classify_as_their_intent(matcher: Matcher) -> None:
    wrong = [
        (intent.key, example)
        for intent in matcher.catalogue.intents
        for example in intent.examples
        if matcher.classify(example).intent != intent.key
    ]
    assert wrong == []


def test_high_confidence_is_more_reliable_than_low(matcher: Matcher) -> None:
    ev = evaluate(matcher, read_labelled(DEV))
    act = [(n, acc) for band, (n, acc) in ev.buckets.items() if float(band[:4]) >= 0.72 and n]
    assert act and all(acc >= 0.95 for _, acc in act)


def test_dev_acts_and_emergencies() -> None:
    """The own dev examples with acts and emergency kinds (intents_dev3.tsv)."""
    ev = evaluate(shared_matcher(), read_rows(DEV_ACTS))
    assert ev.in_scope_accuracy >= IN_SCOPE_FLOOR, f"in-scope accuracy {ev.in_scope_accuracy:.3f}"
    assert ev.rejection_rate >= IN_SCOPE_FLOOR, f"rejection rate {ev.rejection_rate:.3f}"
    assert ev.act_accuracy is not None and ev.act_accuracy >= ACT_FLOOR
    assert ev.kind_accuracy is not None and ev.kind_accuracy >= ACT_FLOOR
    assert ev.two_problem_accuracy is not None and ev.two_problem_accuracy >= ACT_FLOOR
