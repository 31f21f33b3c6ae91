"""The learned part: n-grams, deterministic training, scoring without sklearn, fusion, explain."""

from __future__ import annotations

import io
import pickle
from pathlib import Path

import numpy as np
import pytest

from intents import Act, Matcher, cache, load_catalogue
from intents.cli import run_classify
from intents.fusion import Fusion, fuse
from intents.learned import ACTS, LearnedModel, grams, train
from intents.similar import load_bank
from intents.training import TRAIN_DIR, Sample, load_samples, training_files
from tests.intents._shared import shared_matcher

KEYS = load_catalogue().keys


def _samples() -> list[Sample]:
    return load_samples(load_catalogue(), load_bank(), training_files())


def test_grams_mark_the_ends_and_skip_lone_separators() -> None:
    found = grams("灯坏了，快修")
    assert {"灯", "<灯", "<灯坏", "了，", "，快", "修>", "快修>"} <= set(found)
    assert "，" not in found and "<" not in found


def test_training_data_ships_with_the_package_and_labels_acts() -> None:
    files = {p.name for p in training_files()}
    assert {"dev.tsv", "dev3.tsv", "train_a.tsv", "train_b.tsv"} <= files
    assert all(p.parent == TRAIN_DIR for p in training_files())
    samples = _samples()
    texts = [s.text for s in samples]
    assert len(texts) == len(set(texts)) > 3000
    assert {s.act for s in samples} >= set(ACTS)
    assert {"train_a", "train_b", "dev", "dev3"} <= {s.group for s in samples}


def test_training_is_deterministic() -> None:
    subset = _samples()[::6]
    first, second = train(subset, KEYS), train(subset, KEYS)
    assert first.vocabulary == second.vocabulary
    assert np.array_equal(first.weights, second.weights)
    assert np.array_equal(first.bias, second.bias)


def test_model_scores_without_sklearn_and_knows_nothing_of_unknown_text() -> None:
    model = shared_matcher().learned
    assert isinstance(model, LearnedModel)
    lost_cat = model.predict("俺家的猫跑丢了，谁见了说一声")
    labels = model.heads[0].labels
    assert labels[int(np.argmax(lost_cat.category))] == "none"
    gas = model.predict("楼道里一股煤气味")
    assert max(gas.kind, key=gas.kind.__getitem__) == "gas"
    blank = model.predict("")
    assert set(blank.category) == {0.0} and blank.rows == []


def test_fusion_lets_rule_evidence_tip_the_model_and_none_bias_reject() -> None:
    labels = ("parking", "repair", "none")
    acts = {"report": 0.0, "ask": 0.0}
    tie = fuse(Fusion(none_bias=0.0), labels, [0.1, 0.1, 0.0], [0.0, 2.0, 0.0], acts, "ask")
    assert tie.category == "repair" and tie.act == "ask"
    assert abs(sum(p for _, p in tie.categories) - 1.0) < 1e-9
    doubt = fuse(Fusion(none_bias=2.0), labels, [0.1, 0.0, 0.0], [0.0, 0.0, 0.0], acts, "report")
    assert doubt.category == "none"


def test_engine_rejects_out_of_scope_and_finds_everyday_emergencies() -> None:
    m = shared_matcher()
    assert m.classify("俺家的猫跑丢了，黄白花的，谁见了说一声").intent is None
    assert m.classify("谢谢你们，路灯已经修好了").act is Act.THANKS
    gas = m.classify("楼道里一股煤气味，呛得很")
    assert (gas.intent, gas.act, str(gas.emergency_kind)) == ("fire_safety", Act.EMERGENCY, "gas")


def test_a_name_alone_is_never_an_emergency_on_the_models_word() -> None:
    m = shared_matcher()
    assert m.classify("钱大爷").act is not Act.EMERGENCY  # the model alone said emergency
    fall = m.classify("老头突然不说话了")  # no rule fires: the model's word, long enough
    assert (fall.act, str(fall.emergency_kind)) == (Act.EMERGENCY, "medical")


def test_explain_shows_the_model_beside_the_rules() -> None:
    stdout = io.StringIO()
    run_classify(io.StringIO("楼道灯坏了好几天了\n"), stdout, shared_matcher(), explain=True)
    text = stdout.getvalue()
    assert "楼道灯→repair" in text or "灯→repair" in text  # the rule evidence
    model = next(line for line in text.splitlines() if line.strip().startswith("model: "))
    assert model.strip().startswith("model: repair") and "n-grams for repair: " in model
    assert "灯" in model.split("n-grams for repair: ")[1]
    assert "rules + model: repair" in text and "model act: report" in text


def test_cache_holds_the_trained_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache.tempfile, "gettempdir", lambda: str(tmp_path))
    built = Matcher(load_catalogue())
    [path] = tmp_path.glob("gridbot-intents-*.pickle")
    state = pickle.loads(path.read_bytes())
    assert state["built"].learned.vocabulary == built.learned.vocabulary
    loaded = Matcher(load_catalogue())
    assert np.array_equal(loaded.learned.weights, built.learned.weights)
