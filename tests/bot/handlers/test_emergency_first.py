"""An emergency is never held back: the safety line comes first whatever the chat is doing."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import StaffRole, Ticket
from storage.uow import unit_of_work
from tests.bot.handlers.conftest import WANG
from tests.bot.handlers.test_reports import FIRE, UNSURE
from tests.harness import BotHarness
from tests.updates import TgUser

NEW = TgUser(2101, "新居民")
GUAN = TgUser(4001, "管书记")


async def _tickets(h: BotHarness) -> list[Ticket]:
    async with unit_of_work(h.services.sessions) as repos:
        return list((await repos.session.scalars(select(Ticket))).all())


async def test_an_unregistered_resident_sees_the_safety_line_first(bot: BotHarness) -> None:
    replies = await bot.say(NEW, FIRE)
    assert "119" in replies[0].plain_text, [r.plain_text for r in replies]
    assert "登记" in replies[-1].plain_text or "社区" in replies[-1].plain_text


async def test_an_emergency_at_the_address_step_is_filed_at_once_not_taken_for_the_address(
    bot: BotHarness,
) -> None:
    await bot.say(NEW, "/start")
    await bot.press(NEW, "采菱社区")
    await bot.press(NEW, "第二网格")
    replies = await bot.say(NEW, FIRE)
    assert "119" in replies[0].plain_text
    assert "工单号" in "".join(r.plain_text for r in replies)  # filed before registration ends
    [ticket] = await _tickets(bot)
    assert ticket.emergency and ticket.text == FIRE.strip()
    await bot.say(NEW, "3号楼2单元501")
    await bot.say(NEW, "跳过")  # no phone: registration done, nothing filed twice
    assert len(await _tickets(bot)) == 1
    view, _ = await bot.services.registration.lookup(NEW.id)
    assert view is not None and view.address == "3号楼2单元501"


async def test_a_first_message_emergency_is_filed_and_admins_alerted_once_the_community_is_known(
    bot: BotHarness,
) -> None:
    await bot.services.staff.add(GUAN.id, StaffRole.ADMIN, ["cailing"], "管建新")
    replies = await bot.say(NEW, FIRE)
    assert "119" in replies[0].plain_text
    assert await _tickets(bot) == []  # no place known yet
    filed = await bot.press(NEW, "采菱社区")  # the grid is not known yet
    assert "工单号" in "".join(c.plain_text for c in filed)
    [ticket] = await _tickets(bot)
    assert ticket.emergency and ticket.grid_id is not None
    assert any(str(ticket.id) in text for text in bot.replies(GUAN))  # the admin, at once
    await bot.press(NEW, "第二网格")
    await bot.press(NEW, "跳过")
    await bot.say(NEW, "跳过")
    assert len(await _tickets(bot)) == 1


async def test_an_admin_drafting_a_broadcast_sees_the_safety_line_first(
    bot: BotHarness,
) -> None:
    await bot.services.staff.add(GUAN.id, StaffRole.ADMIN, ["cailing"], "管建新")
    await bot.say(GUAN, "/broadcast")
    await bot.press(GUAN, "某个网格")
    await bot.press(GUAN, "采菱社区")
    await bot.press(GUAN, "第二网格")
    replies = await bot.say(GUAN, FIRE)
    assert "119" in replies[0].plain_text, [r.plain_text for r in replies]


async def test_an_emergency_while_a_category_question_is_pending_comes_first(
    residents: BotHarness,
) -> None:
    await residents.say(WANG, UNSURE)  # asks which category
    replies = await residents.say(WANG, FIRE)
    assert "119" in replies[0].plain_text
    [fire] = await _tickets(residents)
    assert fire.emergency
    await residents.press(WANG, residents.services.matcher.catalogue.get("ev_charging").name)
    texts = sorted(t.text for t in await _tickets(residents))
    assert texts == sorted([FIRE.strip(), UNSURE])  # the earlier message is still filed


async def test_a_photo_with_an_emergency_caption_shows_the_safety_line_while_registering(
    bot: BotHarness,
) -> None:
    replies = await bot.send(NEW, bot.updates.photo(NEW, caption=FIRE))
    assert "119" in replies[0].plain_text
