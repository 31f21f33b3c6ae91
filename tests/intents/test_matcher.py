"""Focused behaviour of the matcher: typos, pinyin, scripts, negation, emergencies, garbage."""

from __future__ import annotations

import dataclasses

import pytest

from intents import Alternative, Decision, IntentMatch, Matcher, decide
from tests.intents._shared import shared_matcher


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return shared_matcher()


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("消方通道被堵了", "fire_safety"),
        ("飞线冲电太危险", "fire_safety"),
        ("电子设保卡咋激活", "social_security_card"),
        ("亭车没地方", "parking"),
        ("凉衣服没地方", "drying"),
        ("充电装坏了", "ev_charging"),
        ("拉圾没人收", "sanitation"),
        ("电体又坏了", "repair"),
    ],
)
def test_typos_and_sound_alikes(matcher: Matcher, text: str, intent: str) -> None:
    assert matcher.classify(text).intent == intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("tingche", "parking"),
        ("wo yao ting che", "parking"),
        ("shebaoka", "social_security_card"),
        ("xiaofang tongdao bei du le", "fire_safety"),
        ("ludeng huai le", "repair"),
    ],
)
def test_pinyin_only(matcher: Matcher, text: str, intent: str) -> None:
    assert matcher.classify(text).intent == intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("樓道裡堆放雜物太多了", "fire_safety"),
        ("電子社保卡在哪裡申請", "social_security_card"),
        ("ｔｉｎｇｃｈｅ　难", "parking"),
    ],
)
def test_traditional_and_full_width(matcher: Matcher, text: str, intent: str) -> None:
    assert matcher.classify(text).intent == intent


@pytest.mark.parametrize(
    ("text", "intent", "not_intent"),
    [
        ("不是停车的问题，是楼道里堆满了东西", "fire_safety", "parking"),
        ("不是垃圾的事，是楼下天天有人乱停车", "parking", "sanitation"),
        ("消防通道倒没事，主要是车位不够", "parking", "fire_safety"),
    ],
)
def test_negation(matcher: Matcher, text: str, intent: str, not_intent: str) -> None:
    match = matcher.classify(text)
    assert match.intent == intent
    assert not_intent not in match.candidates


@pytest.mark.parametrize(
    ("text", "main", "other"),
    [
        ("垃圾桶满了没人倒，还有路灯也不亮", "sanitation", "repair"),
        ("电梯坏了三天了，另外楼下垃圾也没人收", "repair", "sanitation"),
        ("主要是想问电子社保卡咋弄，顺便说一下楼下车停得太乱", "social_security_card", "parking"),
    ],
)
def test_two_problems_main_and_alternative(
    matcher: Matcher, text: str, main: str, other: str
) -> None:
    match = matcher.classify(text)
    assert match.intent == main
    assert other in [a.intent for a in match.alternatives]


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("着火了", "fire_safety"),
        ("楼下着火了，冒了好多烟", "fire_safety"),
        ("楼上在冒烟", "fire_safety"),
        ("zhaohuo le", "fire_safety"),
        ("有人冒充警察，正在让我转账", "anti_fraud"),
        ("对方说是公安局的，让我转账到安全账户", "anti_fraud"),
    ],
)
def test_emergencies(matcher: Matcher, text: str, intent: str) -> None:
    match = matcher.classify(text)
    assert (match.intent, match.emergency) == (intent, True)
    assert match.decision is Decision.ACT


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("飞线充电容易着火，能不能管管", "fire_safety"),
        ("怎么防范冒充警察的诈骗", "anti_fraud"),
        ("小区的灭火器都过期了", "fire_safety"),
        ("楼道里停了三辆电动车，把路都堵严了", "fire_safety"),
    ],
)
def test_worries_are_not_emergencies(matcher: Matcher, text: str, intent: str) -> None:
    match = matcher.classify(text)
    assert (match.intent, match.emergency) == (intent, False)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\n\t",
        "😀🙏👍🔥",
        "\x00\x01\x02\x1b[31m",
        "<b>&amp;</b><script>alert(1)</script>",
        "asdf qwer zxcv",
        "停" * 5000,
        "ñ é ü ß Привет مرحبا こんにちは",
        "你好",
        "谢谢你们",
        "我要投诉",
        "今天天气咋样",
        "快递柜在哪",
    ],
)
def test_garbage_and_out_of_scope_input_never_crashes(matcher: Matcher, text: str) -> None:
    match = matcher.classify(text)
    assert match.intent is None or match.intent in matcher.catalogue.keys
    assert 0.0 <= match.confidence <= 1.0
    if match.intent is None:
        assert match.decision is Decision.UNKNOWN
        assert match.confidence == 0.0


@pytest.mark.parametrize("text", ["", "😀", "你好", "我要投诉", "今天天气咋样", "我想找个工作"])
def test_out_of_scope_has_no_intent(matcher: Matcher, text: str) -> None:
    assert matcher.classify(text).intent is None


def test_long_message_still_understood(matcher: Matcher) -> None:
    text = "俺跟你说个事啊，" * 10 + "楼下的路灯坏了好几天了，晚上黑乎乎的"
    assert matcher.classify(text).intent == "repair"


def test_decisions_follow_thresholds() -> None:
    base = IntentMatch("parking", 0.9, act_threshold=0.7, confirm_threshold=0.4)
    assert decide(base) is Decision.ACT
    assert dataclasses.replace(base, confidence=0.5).decision is Decision.CONFIRM
    assert dataclasses.replace(base, confidence=0.3).decision is Decision.UNKNOWN
    assert dataclasses.replace(base, intent=None).decision is Decision.UNKNOWN
    emergency = dataclasses.replace(base, confidence=0.5, emergency=True)
    assert emergency.decision is Decision.ACT


def test_ambiguous_message_asks_to_confirm(matcher: Matcher) -> None:
    match = matcher.classify("门口那一块太乱了")  # parking? repair? the resident picks
    assert match.decision is Decision.CONFIRM
    assert len(match.candidates) >= 2


def test_match_is_frozen_and_well_formed(matcher: Matcher) -> None:
    match = matcher.classify("车位太少了，另外楼道灯也坏了")
    with pytest.raises(dataclasses.FrozenInstanceError):
        match.intent = "repair"  # type: ignore[misc]
    assert all(isinstance(a, Alternative) for a in match.alternatives)
    assert all(0.0 <= a.confidence <= match.confidence for a in match.alternatives)
    assert match.intent not in [a.intent for a in match.alternatives]


def test_classify_is_deterministic(matcher: Matcher) -> None:
    text = "楼道里停电动车充电，还有垃圾没人清"
    assert matcher.classify(text) == matcher.classify(text)
