"""Authority through the bot (issue 11): 首问负责 on every path, transfers only inside the
actor's scope, /grant and /revoke inside it too, settings admins beyond chat, the granted
person told what they can do, and a withdrawn ticket announced to its handlers."""

from __future__ import annotations

import pytest

from bot.services.errors import InvalidInput
from bot.services.scope import actor
from storage.models import StaffRole, TicketStatus
from storage.uow import unit_of_work
from tests.bot.handlers.conftest import WANG, register
from tests.bot.handlers.test_reports import CONFIDENT
from tests.bot.workers.conftest import CHEN, GUAN, LIU, SUN, report
from tests.conftest import ADMIN_ID
from tests.harness import BotHarness
from tests.updates import TgUser

FAR = TgUser(3009, "府后网格员")  # fuhou-01, another community
NEWBIE = TgUser(3999, "新网格员")


async def _state(h: BotHarness, ticket_id: int) -> tuple[TicketStatus, int | None, int | None]:
    async with unit_of_work(h.services.sessions) as repos:
        t = await repos.tickets.get(ticket_id)
        assert t is not None
        return t.status, t.grid_id, t.assignee_id


def _mentions(h: BotHarness, user: TgUser, ticket_id: int) -> list[str]:
    return [c.plain_text for c in h.api.sent(user.id) if f"#{ticket_id}" in c.plain_text]


async def test_a_typed_grid_code_of_another_community_never_reaches_its_workers(
    grid: BotHarness,
) -> None:
    await grid.services.staff.add(FAR.id, StaffRole.WORKER, ["fuhou-01"], "府后")
    ticket_id = await report(grid, WANG, CONFIDENT)
    before = await _state(grid, ticket_id)
    [refused] = await grid.say(LIU, f"/transfer {ticket_id} fuhou-01 试试")
    assert "本社区" in refused.plain_text
    [by_admin] = await grid.say(GUAN, f"/transfer {ticket_id} fuhou-01")
    assert "不能转派到 fuhou-01" in by_admin.plain_text
    forged = await grid.press_data(CHEN, f"w:to:{ticket_id}:fuhou-01")
    assert any("不能转派到 fuhou-01" in c.plain_text for c in forged)
    assert await _state(grid, ticket_id) == before
    assert _mentions(grid, FAR, ticket_id) == []
    [same] = await grid.say(LIU, f"/transfer {ticket_id} cailing-02")
    assert "已经在这个网格" in same.plain_text
    [ok] = await grid.say(LIU, f"/transfer {ticket_id} cailing-05 五网格的车")
    assert "已转派到第五网格" in ok.plain_text


async def test_others_are_told_who_owns_a_taken_ticket_on_every_path(grid: BotHarness) -> None:
    ticket_id = await report(grid, WANG, CONFIDENT)
    await grid.say(LIU, f"/take {ticket_id}")
    before = await _state(grid, ticket_id)
    for press in (f"w:take:{ticket_id}", f"w:tr:{ticket_id}", f"w:to:{ticket_id}:cailing-05"):
        calls = await grid.press_data(CHEN, press)
        assert any("刘芳" in c.plain_text for c in calls), press
    for command in (f"/resolve {ticket_id} 办好了", f"/reply {ticket_id} 我来"):
        [refused] = await grid.say(CHEN, command)
        assert "刘芳" in refused.plain_text, command
    assert await _state(grid, ticket_id) == before
    assert _mentions(grid, SUN, ticket_id) == []
    await grid.press_data(GUAN, f"w:tr:{ticket_id}")  # an admin over the area may
    assert "第五网格" in grid.api.last(GUAN.id).button_texts


async def test_grant_and_revoke_stay_inside_the_scope(grid: BotHarness) -> None:
    await grid.services.staff.add(FAR.id, StaffRole.WORKER, ["fuhou-01"], "府后")
    [refused] = await grid.say(GUAN, f"/grant {FAR.id} worker cailing-03")
    assert "不在您负责" in refused.plain_text
    [not_revoked] = await grid.say(GUAN, f"/revoke {FAR.id}")
    assert "不在您负责" in not_revoked.plain_text
    [view] = [v for v in await grid.services.staff.list() if v.telegram_id == FAR.id]
    assert view.active and view.area_codes == ("fuhou-01",)
    assert grid.api.sent(FAR.id) == []


async def test_settings_admins_are_beyond_any_chat_command(grid: BotHarness) -> None:
    for command in (f"/revoke {ADMIN_ID}", f"/grant {ADMIN_ID} worker cailing-02"):
        [refused] = await grid.say(GUAN, command)
        assert "GRIDBOT_ADMIN_IDS" in refused.plain_text, command
    boss = TgUser(ADMIN_ID, "超级管理员")
    [self_revoke] = await grid.say(boss, f"/revoke {ADMIN_ID}")
    assert "GRIDBOT_ADMIN_IDS" in self_revoke.plain_text
    [still] = await grid.say(boss, "/queue")
    assert "不认识" not in still.plain_text


async def test_an_id_removed_from_the_setting_loses_global_rights(grid: BotHarness) -> None:
    await grid.say(TgUser(ADMIN_ID, "超级管理员"), "/queue")  # leaves a staff row behind
    async with unit_of_work(grid.services.sessions) as repos:
        assert (await actor(repos, ADMIN_ID, frozenset({ADMIN_ID}))).grid_ids is None
        assert (await actor(repos, ADMIN_ID, frozenset())).grid_ids == frozenset()
    staff = grid.services.staff
    assert await staff.retire_former_settings_admins(frozenset({ADMIN_ID})) == ()
    assert await staff.retire_former_settings_admins(frozenset()) == (ADMIN_ID,)
    assert await staff.role_of(ADMIN_ID) is None
    assert await staff.role_of(GUAN.id) is StaffRole.ADMIN  # an admin with areas stays


async def test_no_staff_row_is_made_a_global_admin(grid: BotHarness) -> None:
    with pytest.raises(InvalidInput, match="GRIDBOT_ADMIN_IDS"):
        await grid.services.staff.add(5, StaffRole.ADMIN, [])


async def test_a_granted_person_is_told_what_they_can_do(grid: BotHarness) -> None:
    await grid.say(GUAN, f"/grant {NEWBIE.id} worker cailing-03")
    [told] = grid.api.sent(NEWBIE.id)
    assert "网格员" in told.plain_text and "第三网格" in told.plain_text
    assert "/take" in told.plain_text and "/transfer" in told.plain_text
    await grid.say(GUAN, f"/grant {NEWBIE.id + 1} admin cailing")
    assert "管理员" in grid.api.last(NEWBIE.id + 1).plain_text


async def test_a_withdrawn_ticket_is_announced_to_its_owner_only(grid: BotHarness) -> None:
    ticket_id = await report(grid, WANG, CONFIDENT)
    await grid.say(LIU, f"/take {ticket_id}")
    grid.api.clear()
    await grid.say(WANG, f"/cancel {ticket_id}")
    await grid.press(WANG, "确定撤销")
    assert any("撤回" in text for text in _mentions(grid, LIU, ticket_id))
    assert _mentions(grid, CHEN, ticket_id) == []


async def test_a_withdrawn_unowned_ticket_is_announced_to_the_grid_s_workers(
    grid: BotHarness,
) -> None:
    ticket_id = await report(grid, WANG, CONFIDENT)
    grid.api.clear()
    await grid.say(WANG, f"/cancel {ticket_id}")
    await grid.press(WANG, "确定撤销")
    for worker in (LIU, CHEN):
        assert any("撤回" in text for text in _mentions(grid, worker, ticket_id)), worker
    assert _mentions(grid, SUN, ticket_id) == []


async def test_a_withdrawn_ticket_of_a_grid_without_workers_reaches_its_admin(
    grid: BotHarness,
) -> None:
    qian = TgUser(2009, "钱阿姨")
    await register(grid, qian, grid="第三网格")  # nobody serves 第三网格
    ticket_id = await report(grid, qian, CONFIDENT)
    await grid.say(qian, f"/cancel {ticket_id}")
    await grid.press(qian, "确定撤销")
    assert any("撤回" in text for text in _mentions(grid, GUAN, ticket_id))
