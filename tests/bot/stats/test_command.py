"""/stats through the real Application: the figures as text, the chart as a PNG photo."""

from __future__ import annotations

import io
import warnings

from PIL import Image

from tests.bot.stats.conftest import GUAN, LIU, WANG
from tests.conftest import ADMIN_ID
from tests.harness import BotHarness
from tests.updates import TgUser

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


async def test_stats_sends_the_figures_and_a_chart(month: BotHarness) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        calls = await month.say(GUAN, "/stats 7")
    assert not [w for w in caught if "missing from font" in str(w.message)]
    text, photo, rates = [c for c in calls if c.method in ("sendMessage", "sendPhoto")]
    assert text.method == "sendMessage" and photo.method == rates.method == "sendPhoto"
    assert rates.files["photo"].startswith(PNG_SIGNATURE) and "考核指标" in rates.plain_text
    for line in (
        "工单统计：采菱社区",
        "2025-06-09 至 2025-06-15（近 7 天）",
        "工单总数：7 件",
        "按类别：停车问题 3、消防安全 1、其他问题 1、设施维修 1、环境卫生 1",
        "按网格：第二网格 4、第五网格 3",
        "按状态：已派单 1、处理中 1、已评价 4、已撤销 1",
        "签收用时中位数：1小时",
        "办结用时中位数：15小时",
        "限时办结率：75%（已办结 4 件，按时 3 件）",
        "满意率：67%（评价 3 件：满意 1、基本满意 1、不满意 1）",
        "默认满意：1 件",
        "自助解决率：50%（自助答复 4 次：已解决 2、转人工 1、未答复 1）",
        "当前超时工单：2 件",
    ):
        assert line in text.plain_text, line
    assert "采菱社区 近 7 天" in photo.plain_text
    png = photo.files["photo"]
    assert png.startswith(PNG_SIGNATURE)
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and image.size == (1000, 900)


async def test_default_period_and_settings_admin_scope(month: BotHarness) -> None:
    admin = TgUser(ADMIN_ID, "区管理员")
    [text, photo, _rates] = await month.say(admin, "/stats")
    assert "全部辖区" in text.plain_text and "近 30 天" in text.plain_text
    assert "工单总数：9 件" in text.plain_text and "第一网格（建安名家南院） 1" in text.plain_text
    assert photo.files["photo"].startswith(PNG_SIGNATURE)


async def test_a_bad_period_gets_the_usage(month: BotHarness) -> None:
    for bad in ("/stats abc", "/stats 0", "/stats 400", "/stats 7 8"):
        [usage] = await month.say(GUAN, bad)
        assert "/stats 7" in usage.plain_text and usage.method == "sendMessage", bad
    [text, _, _] = await month.say(GUAN, "/stats 14天")
    assert "近 14 天" in text.plain_text


async def test_residents_and_workers_get_the_unknown_command_answer(month: BotHarness) -> None:
    [expected] = await month.say(WANG, "/nosuchcommand")
    for user in (WANG, LIU):
        [answer] = await month.say(user, "/stats 7")
        assert answer.method == "sendMessage" and answer.plain_text == expected.plain_text
    assert not month.api.sent(method="sendPhoto")
