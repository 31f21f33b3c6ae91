"""The packaged catalogue is complete, and broken catalogues fail with a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from intents import CatalogueError, load_catalogue
from intents.catalogue import DEFAULT_PATH

KEYS = (
    "parking",
    "drying",
    "fire_safety",
    "social_security_card",
    "anti_fraud",
    "ev_charging",
    "sanitation",
    "repair",
    "dispute",
    "elderly_care",
)
INFO = {"social_security_card", "anti_fraud"}


def test_default_catalogue_has_exactly_the_ten_intents_in_order() -> None:
    assert load_catalogue().keys == KEYS


@pytest.mark.parametrize("key", KEYS)
def test_intent_fields_are_sensible(key: str) -> None:
    intent = load_catalogue().get(key)
    assert intent.kind == ("info" if key in INFO else "report")
    assert intent.name
    assert intent.priority >= 1
    assert 0 < intent.respond_within_hours <= intent.resolve_within_hours
    assert intent.emergency_priority >= intent.priority
    assert intent.emergency_respond_within_hours <= intent.respond_within_hours
    assert intent.examples
    reply = "answer" if key in INFO else "received"
    assert intent.replies[reply]


@pytest.mark.parametrize("key", ["fire_safety", "anti_fraud"])
def test_emergency_intents_are_faster_and_more_urgent(key: str) -> None:
    intent = load_catalogue().get(key)
    assert intent.emergency_phrases
    assert intent.emergency_priority == 3
    assert intent.emergency_resolve_within_hours < intent.resolve_within_hours
    assert intent.emergency_reply


def test_social_security_answer_tells_everything_at_once() -> None:
    answer = load_catalogue().get("social_security_card").replies["answer"]
    for needed in ("掌上12333", "支付宝", "微信", "银行", "身份证", "激活", "12333"):
        assert needed in answer


def test_anti_fraud_answer_and_emergency_line() -> None:
    intent = load_catalogue().get("anti_fraud")
    for needed in ("96110", "转账", "国家反诈中心", "110"):
        assert needed in intent.replies["answer"]
    assert intent.emergency_reply is not None
    assert "96110" in intent.emergency_reply and "转账" in intent.emergency_reply
    fire = load_catalogue().get("fire_safety").emergency_reply
    assert fire is not None and "119" in fire


def test_time_limits_count_working_or_clock_hours() -> None:
    catalogue = load_catalogue()
    hours = {intent.key: intent.hours for intent in catalogue.intents}
    assert hours["sanitation"] == hours["repair"] == "working"
    assert hours["fire_safety"] == hours["anti_fraud"] == hours["parking"] == "clock"


def test_get_unknown_key_raises_key_error() -> None:
    with pytest.raises(KeyError):
        load_catalogue().get("weather")


def _broken(tmp_path: Path, key: str, field: str, value: object) -> Path:
    doc = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    entry = next(i for i in doc["intents"] if i["key"] == key)
    if value is None:
        del entry[field]
    else:
        entry[field] = value
    path = tmp_path / "catalogue.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("key", "field", "value"),
    [
        ("parking", "kind", "complaint"),
        ("drying", "priority", "high"),
        ("repair", "respond_within_hours", -1),
        ("dispute", "name", None),
        ("sanitation", "keywords", {"strong": [], "loud": ["x"]}),
        ("anti_fraud", "emergency_reply", None),
        ("social_security_card", "replies", {"handoff": "找网格员"}),
        ("parking", "hours", "office"),  # working | clock (issue 14)
        ("repair", "verify", "yes"),
    ],
)
def test_validation_error_names_intent_and_field(
    tmp_path: Path, key: str, field: str, value: object
) -> None:
    with pytest.raises(CatalogueError) as err:
        load_catalogue(_broken(tmp_path, key, field, value))
    assert key in str(err.value)
    assert field in str(err.value)


def test_duplicate_keys_and_unreadable_files_are_rejected(tmp_path: Path) -> None:
    doc = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    doc["intents"].append(doc["intents"][0])
    path = tmp_path / "dup.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogueError, match="duplicate"):
        load_catalogue(path)
    with pytest.raises(CatalogueError, match="cannot read"):
        load_catalogue(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("intents: [\n", encoding="utf-8")
    with pytest.raises(CatalogueError):
        load_catalogue(bad)


def test_verify_marks_the_categories_checked_before_closing() -> None:
    catalogue = load_catalogue()
    checked = {key for key in catalogue.keys if catalogue.get(key).verify}
    assert checked == {"fire_safety", "ev_charging", "repair"}
