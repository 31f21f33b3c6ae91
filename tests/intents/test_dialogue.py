"""Engine v2: dialogue acts, emergency kinds, everyday scams, near-domain out-of-scope text,
two problems in order. The texts are written for these tests (none come from a test set)."""

from __future__ import annotations

from pathlib import Path

import pytest

from intents import Act, CatalogueError, Decision, EmergencyKind, Matcher, load_dialogue
from intents.dialogue import Rule
from tests.intents._shared import shared_matcher


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return shared_matcher()


@pytest.mark.parametrize(
    ("text", "act"),
    [
        ("你好", Act.GREETING),
        ("在不在呀", Act.GREETING),
        ("哎呀发错了，这条是给我儿子的", Act.GREETING),
        ("谢谢闺女", Act.THANKS),
        ("收到，知道了", Act.THANKS),
        ("好的好的", Act.THANKS),
        ("网格员小王人真好，给他点个赞", Act.THANKS),
        ("修了没有", Act.FOLLOW_UP),
        ("都等了一下午了还没人来", Act.FOLLOW_UP),
        ("楼下垃圾桶满了没人倒", Act.REPORT),
        ("地下车库的车位一个月多少钱", Act.ASK),
        ("电子社保卡咋激活", Act.ASK),
        ("身份证丢了去哪补办", Act.ASK),
        ("俺家的猫跑丢了，谁见了说一声", Act.REPORT),
    ],
)
def test_dialogue_acts(matcher: Matcher, text: str, act: Act) -> None:
    assert matcher.classify(text).act is act


@pytest.mark.parametrize(
    "text",
    ["谢谢你们，路灯已经修好了", "上次车位的事解决了，谢谢小刘", "好的，麻烦你们了", "你好呀"],
)
def test_thanks_and_greetings_are_not_new_problems(matcher: Matcher, text: str) -> None:
    match = matcher.classify(text)
    assert match.act in (Act.THANKS, Act.GREETING)
    assert (match.intent, match.categories, match.decision) == (None, (), Decision.UNKNOWN)


def test_greeting_before_a_problem_is_a_report(matcher: Matcher) -> None:
    match = matcher.classify("你好，楼道的灯坏了好几天了")
    assert (match.intent, match.act) == ("repair", Act.REPORT)


def test_follow_up_keeps_a_named_problem(matcher: Matcher) -> None:
    match = matcher.classify("上礼拜报的路灯到现在还不亮，啥时候来修")
    assert (match.intent, match.act) == ("repair", Act.FOLLOW_UP)
    assert matcher.classify("那个事咋样了").intent is None


@pytest.mark.parametrize(
    ("text", "intent", "kind"),
    [
        ("厨房里一股煤气味，冲得很", "fire_safety", EmergencyKind.GAS),
        ("楼道里全是烟，呛得不行", "fire_safety", EmergencyKind.FIRE),
        ("闻到一股烧焦的味道，像是电线烧了", "fire_safety", EmergencyKind.FIRE),
        ("我家老头子在厕所摔了起不来了", "elderly_care", EmergencyKind.MEDICAL),
        ("隔壁奶奶晕倒了叫不醒", "elderly_care", EmergencyKind.MEDICAL),
        ("电梯停在半空，里面有人出不来", "repair", EmergencyKind.TRAPPED),
        ("楼下两个人打起来了，还拿着刀", "dispute", EmergencyKind.VIOLENCE),
    ],
)
def test_emergencies_in_everyday_words(
    matcher: Matcher, text: str, intent: str, kind: EmergencyKind
) -> None:
    match = matcher.classify(text)
    assert (match.intent, match.act, match.emergency_kind) == (intent, Act.EMERGENCY, kind)
    assert match.emergency and match.decision is Decision.ACT


def test_medical_emergency_goes_to_elderly_care(matcher: Matcher) -> None:
    match = matcher.classify("小区门口有个小伙子晕倒了，口吐白沫")
    assert (match.act, match.emergency_kind, match.intent) == (
        Act.EMERGENCY,
        EmergencyKind.MEDICAL,
        "elderly_care",
    )
    assert match.emergency and match.decision is Decision.ACT


@pytest.mark.parametrize(
    "text",
    [
        "有人打电话说我孙子在外地撞了人被扣下了，让我马上转三万块过去",
        "一个自称银行的人打来电话，让我把手机收到的验证码告诉他",
        "客服说要给我退款，让我下个会议软件开屏幕共享",
        "说我网购的东西有问题要退钱，但要我先转五百块激活账户，那个客服还在电话里",
        "两个卖保健品的坐在我妈家里不走，非要她买三千块的货",
    ],
)
def test_scams_in_everyday_words_are_emergencies(matcher: Matcher, text: str) -> None:
    match = matcher.classify(text)
    assert (match.intent, match.act, match.emergency_kind) == (
        "anti_fraud",
        Act.EMERGENCY,
        EmergencyKind.SCAM,
    )


@pytest.mark.parametrize(
    "text",
    [
        "怎么防那种冒充孙子借钱的骗子",
        "万一着火了楼道这么多杂物跑都跑不出去",
        "闻到煤气味应该怎么办，想提前问问",
        "楼道里有人抽烟，烟味很大",
        "上个月我妈被卖保健品的骗了两千多",
        "电子社保卡激活要输验证码，验证码一直收不到",
    ],
)
def test_worries_past_events_and_ordinary_smoke_are_not_emergencies(
    matcher: Matcher, text: str
) -> None:
    match = matcher.classify(text)
    assert match.act is not Act.EMERGENCY
    assert match.emergency_kind is None


@pytest.mark.parametrize(
    "text",
    [
        "俺家的猫跑丢了，黄白花的",
        "快递显示签收了，可我根本没收到",
        "孩子明年上小学，咱这片划哪个学校",
        "身份证丢了在哪补办",
        "社区有招工的吗，俺想找个活干",
        "我想报名当志愿者，去哪报",
        "社区重阳节活动几点开始",
        "手机屏幕碎了哪里能修",
        "灵活就业的社保一个月交多少",
        "社保断缴了三个月还能补缴吗",
        "不好意思发错了",
        "网格员小刘真负责，必须表扬",
        "手机充不进电了，附近有修的地方不",
    ],
)
def test_near_domain_out_of_scope_is_none_of_the_ten(matcher: Matcher, text: str) -> None:
    match = matcher.classify(text)
    assert match.intent is None
    assert match.decision is Decision.UNKNOWN


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("电子社保卡丢了去哪补办", "social_security_card"),
        ("有人冒充快递客服说要理赔，让我扫码", "anti_fraud"),
        ("想问问社区有没有给老人理发的志愿者", "elderly_care"),
    ],
)
def test_in_scope_text_sharing_out_of_scope_words(matcher: Matcher, text: str, intent: str) -> None:
    assert matcher.classify(text).intent == intent


@pytest.mark.parametrize(
    ("text", "categories"),
    [
        ("停车位不够，晾衣服的地方也没有", ("parking", "drying")),
        ("楼下垃圾堆成山了，还有车乱停把路堵了", ("sanitation", "parking")),
        ("楼道灯坏了，楼上还天天半夜跺脚", ("repair", "dispute")),
        ("没地方充电，好多人就从楼上拉线下来充", ("ev_charging", "fire_safety")),
    ],
)
def test_two_problems_keep_both_in_order(
    matcher: Matcher, text: str, categories: tuple[str, ...]
) -> None:
    match = matcher.classify(text)
    assert match.categories == categories
    assert match.intent in categories


def test_one_problem_has_one_category(matcher: Matcher) -> None:
    assert matcher.classify("小区门口天天乱停车，车都开不出去").categories == ("parking",)


def test_explain_shows_the_deciding_evidence(matcher: Matcher) -> None:
    match = matcher.explain("楼道里全是烟，呛得不行")
    text = "\n".join(match.evidence)
    assert "→fire_safety" in text
    assert "emergency fire" in text
    assert match == matcher.classify("楼道里全是烟，呛得不行")
    assert matcher.classify("楼道里全是烟").evidence == ()


def test_rules_need_every_part() -> None:
    rule = Rule.parse("验证码+告诉他|念给")
    assert rule.find("让我把验证码念给他听") == "验证码+念给"
    assert rule.find("验证码收不到") is None


def test_broken_dialogue_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "dialogue.yaml"
    bad.write_text("kinds:\n  flood: [水漫了]\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="emergency kind"):
        load_dialogue(bad)
    with pytest.raises(CatalogueError, match="cannot read"):
        load_dialogue(tmp_path / "missing.yaml")
