"""Erase and export reach households: their card, care groups, consent, visits and the
tickets opened on their behalf (``gridbot export-resident`` / ``forget-resident --household``)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.domain.privacy import ERASED
from bot.services.errors import NotFound
from bot.services.household_privacy import HouseholdPrivacy
from bot.services.residents_privacy import ResidentPrivacy
from storage.models import AuditEntry, Helper, Household, Resident, Ticket, Visit, Wish
from storage.uow import unit_of_work
from tests.bot.handlers.conftest import WANG
from tests.bot.test_cli import ROOT, gridbot
from tests.bot.visits.conftest import add_household
from tests.bot.workers.conftest import LIU
from tests.harness import BotHarness
from tests.updates import TgUser


async def visited_with_a_problem(h: BotHarness) -> int:
    """周奶奶 recorded with consent and a care group, visited, gas problem found."""
    household_id = await add_household(h, LIU, "3号楼1单元202", "周奶奶", "13800000000")
    await h.press(LIU, "☑ 本人同意登记")
    await h.press(LIU, "独居老人")
    await h.say(LIU, f"/household {household_id} 备注 女儿在外地，电话13911112222")
    await h.press(LIU, "✅ 已走访")
    await h.press(LIU, "✅ 燃气：正常")
    await h.press(LIU, "📋 完成走访")
    await h.say(LIU, f"/wish {household_id} 想要一副老花镜")
    return household_id


async def test_export_then_forget_a_household(grid: BotHarness) -> None:
    household_id = await visited_with_a_problem(grid)
    privacy = HouseholdPrivacy(grid.services.sessions)
    data = await privacy.export(household_id)
    card = data["household"]
    assert card["name"] == "周奶奶" and card["phone"] == "13800000000"
    assert card["care_tags"] == ["独居老人"] and card["consent_at"] is not None
    assert card["grid"]["code"] == "cailing-02" and "女儿在外地" in card["notes"]
    [visit] = data["visits"]
    assert visit["outcome"] == "visited" and visit["problems"] == 1
    [wish] = data["wishes"]
    assert wish["text"] == "想要一副老花镜"
    [ticket] = data["tickets_on_behalf"]
    assert ticket["intent"] == "fire_safety" and "3号楼1单元202" in ticket["text"]
    json.dumps(data)  # JSON-ready

    report = await privacy.forget(household_id)
    assert (report.visits, report.tickets) == (1, 1)
    async with unit_of_work(grid.services.sessions) as repos:
        assert (await repos.session.scalars(select(Household))).all() == []
        assert (await repos.session.scalars(select(Visit))).all() == []
        assert (await repos.session.scalars(select(Wish))).all() == []
        [kept] = (await repos.session.scalars(select(Ticket))).all()
        proxy = await repos.session.get(Resident, kept.resident_id)
        actions = set((await repos.session.scalars(select(AuditEntry.action))).all())
    assert kept.text == ERASED and kept.intent == "fire_safety"  # statistics stay
    assert proxy is not None and proxy.display_name == "" and proxy.phone is None
    assert proxy.address is None
    assert {"household.export", "household.forget"} <= actions
    [gone] = await grid.say(LIU, f"/household {household_id}")
    assert "找不到这一户" in gone.plain_text


async def test_the_command_line_exports_and_forgets_a_household(
    grid: BotHarness, tmp_path: Path
) -> None:
    household_id = await visited_with_a_problem(grid)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRIDBOT_")}
    env.update(HOME=str(tmp_path), PYTHONPATH=str(ROOT), GRIDBOT_LOG_LEVEL="WARNING")
    env["GRIDBOT_DATABASE_URL"] = grid.settings.database_url
    exported = gridbot("export-resident", "--household", str(household_id), env=env)
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout)["household"]["name"] == "周奶奶"
    forgot = gridbot("forget-resident", "--household", str(household_id), env=env)
    assert forgot.returncode == 0 and "1 visit(s) deleted" in forgot.stdout, forgot.stderr
    missing = gridbot("forget-resident", "--household", str(household_id), env=env)
    assert missing.returncode != 0


async def test_a_residents_own_wishes_are_exported_and_erased(grid: BotHarness) -> None:
    await grid.say(WANG, "/wish 想请人帮忙换个灯泡，我家电话13812345678")
    privacy = ResidentPrivacy(grid.services.sessions)
    [wish] = (await privacy.export(WANG.id))["wishes"]
    assert "换个灯泡" in wish["text"]
    await privacy.forget(WANG.id)
    async with unit_of_work(grid.services.sessions) as repos:
        [kept] = (await repos.session.scalars(select(Wish))).all()
    assert kept.text == ERASED


async def test_a_helpers_own_rows_are_exported_and_erased(grid: BotHarness) -> None:
    helper = TgUser(5001, "小张志愿者")  # no resident: only a helper
    await grid.say(LIU, f"/helper cailing-02 {helper.id} 小张")
    await grid.say(WANG, "/wish 想请人帮忙换个灯泡")
    await grid.say(LIU, f"/helper cailing-02 {WANG.id} 王阿姨")  # a resident who helps too
    privacy = ResidentPrivacy(grid.services.sessions)
    only_helper = await privacy.export(helper.id)
    assert only_helper["resident"] is None
    assert [(h["name"], h["telegram_id"]) for h in only_helper["helpers"]] == [("小张", helper.id)]
    both = await privacy.export(WANG.id)
    assert both["resident"] is not None and [h["name"] for h in both["helpers"]] == ["王阿姨"]
    report = await privacy.forget(helper.id)
    assert report.resident_id is None and report.helpers == 1
    assert (await privacy.forget(WANG.id)).helpers == 1
    async with unit_of_work(grid.services.sessions) as repos:
        assert (await repos.session.scalars(select(Helper))).all() == []
    with pytest.raises(NotFound):
        await privacy.export(helper.id)
