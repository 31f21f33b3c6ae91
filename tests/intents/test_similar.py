"""The similarity fallback: resemblance to example messages when keyword evidence is weak."""

from __future__ import annotations

from intents import Decision, Matcher, load_catalogue
from intents.normalize import normalize
from intents.similar import NONE, SimilarityModel, features, load_bank
from tests.intents._shared import shared_matcher

BANK = {
    "anti_fraud": ["有人打电话说我涉嫌洗钱要转账", "陌生人让我下载软件开会退钱"],
    "parking": ["小区停车太难了", "车位被人占了"],
    NONE: ["你好", "谢谢", "今天天气咋样"],
}


def test_features_are_character_pairs_and_informative_characters() -> None:
    found = features("楼道灯坏了，停车")
    assert "楼道" in found and "停车" in found
    assert "了" not in found  # too common on its own
    assert "了停" not in found  # pairs do not cross clauses


def test_model_prefers_the_resembling_label() -> None:
    model = SimilarityModel(BANK, ["parking", "anti_fraud"])
    assert model.labels == ("parking", "anti_fraud", NONE)
    probs = model.probabilities(normalize("对方打电话让我转账"))
    assert max(range(3), key=probs.__getitem__) == 1
    assert abs(sum(probs) - 1.0) < 1e-9


def test_untrained_model_is_uniform() -> None:
    model = SimilarityModel({}, ["parking"])
    assert not model.trained
    assert model.probabilities("停车") == (0.5, 0.5)


def test_packaged_bank_covers_every_intent_and_none() -> None:
    bank = load_bank()
    for key in (*load_catalogue().keys, NONE):
        assert len(bank.get(key, ())) >= 30, key


def test_scam_without_scam_words_is_offered_for_confirmation() -> None:
    match = shared_matcher().classify("有人说我中了一台电视机，要先付运费和保险费才能寄过来")
    assert match.intent == "anti_fraud"
    assert match.decision in (Decision.CONFIRM, Decision.ACT)


def test_matcher_without_examples_still_works() -> None:
    matcher = Matcher(load_catalogue(), examples={})
    assert matcher.classify("小区停车太难了").intent == "parking"
    assert matcher.classify("你好").intent is None
