"""The pure rules of 进百家门: walking order, visit plans, the checklist mask, consent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.config import DEFAULT_CARE_DAYS, Settings
from bot.domain import visits as rules


def test_addresses_sort_in_walking_order() -> None:
    addresses = ["13号楼1单元101", "3号楼2单元101", "3号楼1单元502", "3号楼1单元202", "3栋101室"]
    walked = sorted(addresses, key=rules.place)
    assert walked == [
        "3栋101室",
        "3号楼1单元202",
        "3号楼1单元502",
        "3号楼2单元101",
        "13号楼1单元101",
    ]  # fmt: skip  (no unit comes before unit 1)
    assert rules.place("3号楼1单元202") == rules.Place(3, 1, 2, 202)
    assert rules.place("幸福路12号") == rules.Place(12, 0, 0, 0)
    assert rules.place("不知道") == rules.Place(0, 0, 0, 0)
    assert rules.building_label("12栋1单元302") == "12栋"
    assert rules.building_label("幸福里") == "幸福里"


def test_the_most_frequent_care_group_sets_the_interval() -> None:
    plan = rules.VisitPlan(DEFAULT_CARE_DAYS, 180)
    assert plan.every([]) == timedelta(days=180)
    assert plan.every(["高龄"]) == timedelta(days=30)
    assert plan.every(["高龄", "独居老人"]) == timedelta(days=1)
    assert plan.every(["不在列表里"]) == timedelta(days=180)
    at = datetime(2026, 12, 1, 9, tzinfo=UTC)
    assert rules.next_due(rules.Outcome.ABSENT, at, timedelta(days=30)) == at + timedelta(days=1)
    assert rules.next_due(rules.Outcome.VISITED, at, timedelta(days=30)) == at + timedelta(days=30)


def test_the_checklist_mask_toggles_each_check() -> None:
    mask = rules.toggled(0, rules.Check.GAS)
    mask = rules.toggled(mask, rules.Check.HEALTH)
    assert rules.problems(mask) == [rules.Check.GAS, rules.Check.HEALTH]
    assert rules.problems(rules.toggled(mask, rules.Check.GAS)) == [rules.Check.HEALTH]
    assert rules.CATEGORY[rules.Check.WIRING] == "fire_safety"
    assert rules.CATEGORY[rules.Check.ANTI_FRAUD] == "anti_fraud"


def test_care_groups_need_consent() -> None:
    rules.require_consent(False, [])
    rules.require_consent(True, ["独居老人"])
    with pytest.raises(rules.NoConsent):
        rules.require_consent(False, ["独居老人"])


def test_the_plan_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRIDBOT_VISIT_DAYS", '{"独居老人": 2, "孕产妇": 14}')
    monkeypatch.setenv("GRIDBOT_VISIT_EVERY_DAYS", "90")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.visit_days == {"独居老人": 2, "孕产妇": 14} and settings.visit_every_days == 90
    monkeypatch.setenv("GRIDBOT_VISIT_DAYS", '{"独居老人": 0}')
    with pytest.raises(ValueError):
        Settings(_env_file=None)  # type: ignore[call-arg]
