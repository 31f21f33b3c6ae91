"""A follower's words, photos and follows are exported and erased with them."""

from __future__ import annotations

from sqlalchemy import select

from bot.services.residents_privacy import ResidentPrivacy
from storage.models import Attachment
from storage.uow import unit_of_work
from tests.bot.handlers.conftest import WANG
from tests.bot.metoo.conftest import LI, PARKING, PARKING_TOO, followers, history
from tests.bot.workers.conftest import report
from tests.harness import BotHarness


async def test_export_and_forget_reach_a_followers_data(street: BotHarness) -> None:
    first = await report(street, WANG, PARKING)
    await street.send(LI, street.updates.photo(LI, caption=PARKING_TOO))
    await street.press(LI, "🙋 我也遇到")
    [follow] = await followers(street, first)
    assert follow.attachment_ids and len(follow.attachment_ids) == 1
    privacy = ResidentPrivacy(street.services.sessions)
    data = await privacy.export(LI.id)
    assert [f["ticket_id"] for f in data["followed_tickets"]] == [first]
    assert [e["text"] for e in data["follower_events"]] == [PARKING_TOO]
    assert PARKING_TOO not in repr(await privacy.export(WANG.id))  # not the neighbour's data
    report_ = await privacy.forget(LI.id)
    assert report_.follows == 1
    [metoo] = [e for e in await history(street, first) if e.kind == "metoo"]
    assert metoo.text == "[已删除]" and metoo.actor_id != LI.id
    async with unit_of_work(street.services.sessions) as repos:
        files = (await repos.session.scalars(select(Attachment))).all()
    assert files == []  # 王阿姨 sent none; 李叔's photo is gone
    [kept] = await followers(street, first)  # the household still counts, anonymised
    assert kept.attachment_ids is None
