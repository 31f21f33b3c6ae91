"""The callback registry: the same bytes as ever, each press parsed back to its own button,
routed by the Application to the handler that owns it, and never over 64 bytes."""

from __future__ import annotations

import re
from typing import Any

import pytest
from telegram.ext import CallbackQueryHandler

from bot.chat.handlers.admin import agenda as admin_agenda
from bot.chat.handlers.admin import broadcast, broadcast_dialogue
from bot.chat.handlers.resident import agenda as resident_agenda
from bot.chat.handlers.resident import follow, metoo, registration, reports, wishes
from bot.chat.handlers.staff import new_dialogue, pause, review, visits, worker
from bot.chat.views import callbacks as cb
from intents import Matcher
from tests.harness import BotHarness

BIG_TICKET = 2**31 - 1  # tickets, notices, deliveries and pages are 32-bit ids
LONG_CODE = "a" * 40  # the longest area code an areas file may hold

# every button with one sample press, the bytes the bot has always sent, and its handler
SAMPLES: list[tuple[cb.Button, str, str, Any]] = [
    (cb.REG_PAGE, cb.REG_PAGE(2), "reg:p:2", registration.on_callback),
    (cb.REG_COMMUNITY, cb.REG_COMMUNITY("cailing"), "reg:c:cailing", registration.on_callback),
    (cb.REG_GRID, cb.REG_GRID(cb.UNKNOWN_GRID), "reg:g:?", registration.on_callback),
    (cb.REG_SKIP_ADDRESS, cb.REG_SKIP_ADDRESS(), "reg:a:skip", registration.on_callback),
    (cb.REG_REDO, cb.REG_REDO(), "reg:redo:1", registration.on_callback),
    (cb.REPORT_DROP, cb.REPORT_DROP(), "rep:-drop", reports.on_choice),
    (cb.REPORT, cb.REPORT("fire_safety"), "rep:fire_safety", reports.on_choice),
    (cb.CHANGE, cb.CHANGE(5), "chg:5", reports.on_change),
    (cb.CHANGE_TO, cb.CHANGE_TO(5, cb.OTHER), "chgto:5:other", reports.on_change),
    (cb.INFO_OK, cb.INFO_OK(3), "info:ok:3", reports.on_info),
    (cb.INFO_HELP, cb.INFO_HELP(3), "info:help:3", reports.on_info),
    (cb.SPLIT, cb.SPLIT(7), "split:7", reports.on_split),
    (cb.OPEN_TICKET, cb.OPEN_TICKET(7), "tk:7", follow.on_callback),
    (cb.CANCEL_ASK, cb.CANCEL_ASK(7), "cx:7", follow.on_callback),
    (cb.CANCEL_YES, cb.CANCEL_YES(7), "cxy:7", follow.on_callback),
    (cb.CANCEL_NO, cb.CANCEL_NO(7), "cxn:7", follow.on_callback),
    (cb.RATE, cb.RATE(7, "s"), "rate:7:s", follow.on_rate),
    (cb.TAKE, cb.TAKE(7), "w:take:7", worker.on_callback),
    (cb.TRANSFER, cb.TRANSFER(7), "w:tr:7", worker.on_callback),
    (cb.SHOW, cb.SHOW(7), "w:show:7", worker.on_callback),
    (cb.TRANSFER_TO, cb.TRANSFER_TO(7, "cailing-02"), "w:to:7:cailing-02", worker.on_callback),
    (cb.WAIT, cb.WAIT(7), "w:wait:7", pause.on_wait),
    (cb.BC_AUDIENCE, cb.BC_AUDIENCE("grid"), "w:bc:a:grid", broadcast_dialogue.on_audience),
    (cb.BC_COMMUNITY, cb.BC_COMMUNITY(4), "w:bc:c:4", broadcast_dialogue.on_community),
    (cb.BC_GRID, cb.BC_GRID(4), "w:bc:g:4", broadcast_dialogue.on_grid),
    (cb.BC_RECEIPT_YES, cb.BC_RECEIPT_YES(), "w:bc:r:1", broadcast_dialogue.on_receipt),
    (cb.BC_RECEIPT_NO, cb.BC_RECEIPT_NO(), "w:bc:r:0", broadcast_dialogue.on_receipt),
    (cb.BC_QUIT, cb.BC_QUIT(), "w:bc:q", broadcast_dialogue.quit_dialogue),
    (cb.BC_SEND, cb.BC_SEND(9), "w:bc:send:9", broadcast.on_preview),
    (cb.BC_DROP, cb.BC_DROP(9), "w:bc:drop:9", broadcast.on_preview),
    (cb.BC_TOGGLE_ACK, cb.BC_TOGGLE_ACK(9), "w:bc:ack:9", broadcast.on_preview),
    (cb.NOTICE_ACK, cb.NOTICE_ACK(9), "ack:9", broadcast.on_ack),
    (cb.VERIFY_OK, cb.VERIFY_OK(7), "w:vok:7", review.on_callback),
    (cb.VERIFY_NO, cb.VERIFY_NO(7), "w:vno:7", review.on_callback),
    (cb.EXTEND_YES, cb.EXTEND_YES(7), "w:exy:7", review.on_callback),
    (cb.EXTEND_NO, cb.EXTEND_NO(7), "w:exn:7", review.on_callback),
    (cb.APPEAL, cb.APPEAL(7), "w:apl:7", review.on_callback),
    (cb.APPEAL_UPHOLD, cb.APPEAL_UPHOLD(7), "w:apu:7", review.on_callback),
    (cb.APPEAL_REMOVE, cb.APPEAL_REMOVE(7), "w:apr:7", review.on_callback),
    (cb.METOO_JOIN, cb.METOO_JOIN(12), "mt:join:12", metoo.on_offer),
    (cb.METOO_NEW, cb.METOO_NEW(12), "mt:new:12", metoo.on_offer),
    (cb.FOLLOWER_RATE, cb.FOLLOWER_RATE(12, "s"), "frate:12:s", metoo.on_rate),
    (cb.AG_RAISE, cb.AG_RAISE(12, "crowd"), "w:ag:raise:12:crowd", admin_agenda.on_callback),
    (cb.AG_INVITE, cb.AG_INVITE(3), "w:ag:inv:3", admin_agenda.on_callback),
    (cb.AG_SHOW, cb.AG_SHOW(3), "w:ag:show:3", admin_agenda.on_callback),
    (cb.AG_JOIN, cb.AG_JOIN(3), "ag:join:3", resident_agenda.on_reply),
    (cb.AG_IDEA, cb.AG_IDEA(3), "ag:idea:3", resident_agenda.on_reply),
    (cb.HH_SHOW, cb.HH_SHOW(4), "w:hh:s:4", visits.on_callback),
    (cb.HH_CONSENT, cb.HH_CONSENT(4), "w:hh:c:4", visits.on_callback),
    (cb.HH_TAG, cb.HH_TAG(4, "2"), "w:hh:t:4:2", visits.on_callback),
    (cb.VISIT_START, cb.VISIT_START(4), "w:vs:4", visits.on_callback),
    (cb.VISIT_CHECKS, cb.VISIT_CHECKS(4, "5"), "w:vc:4:5", visits.on_callback),
    (cb.VISIT_DONE, cb.VISIT_DONE(4, "5"), "w:vd:4:5", visits.on_callback),
    (cb.VISIT_ABSENT, cb.VISIT_ABSENT(4), "w:va:4", visits.on_callback),
    (cb.WISH_CLAIM, cb.WISH_CLAIM(4), "wish:c:4", wishes.on_callback),
    (cb.WISH_FULFIL, cb.WISH_FULFIL(4), "wish:f:4", wishes.on_callback),
    (cb.NB_HOUSEHOLD, cb.NB_HOUSEHOLD(4), "w:nb:h:4", new_dialogue.on_callback),
    (cb.NB_NEW, cb.NB_NEW(2), "w:nb:n:2", new_dialogue.on_callback),
    (cb.NB_NO_PHONE, cb.NB_NO_PHONE(), "w:nb:p", new_dialogue.on_callback),
    (cb.NB_CATEGORY, cb.NB_CATEGORY("repair"), "w:nb:c:repair", new_dialogue.on_callback),
    (cb.NB_QUIT, cb.NB_QUIT(), "w:nb:q", new_dialogue.on_callback),
]


def test_every_button_has_a_sample() -> None:
    assert {id(b) for b, *_ in SAMPLES} == {id(b) for b in cb.BUTTONS}
    assert len(cb.BUTTONS) == len(SAMPLES)


@pytest.mark.parametrize(("button", "data", "wire", "handler"), SAMPLES)
def test_same_bytes_parsed_back_to_the_same_button_only(
    button: cb.Button, data: str, wire: str, handler: Any
) -> None:
    assert data == wire
    pressed = cb.parse(data)
    assert pressed is not None and pressed.button is button
    assert [b for b in cb.BUTTONS if re.match(b.pattern, data)] == [button]
    assert bool(data.startswith(cb.STAFF_PREFIX)) == wire.startswith("w:")


def test_arguments_come_back_typed() -> None:
    assert cb.parse("chgto:12:noise") == cb.Pressed(cb.CHANGE_TO, number=12, word="noise")
    assert cb.CHANGE_TO.parse("chgto:12:noise") == (12, "noise")
    assert cb.REG_PAGE.parse("reg:p:3") == 3 and cb.REG_PAGE.parse("reg:c:3") is None
    assert cb.REG_COMMUNITY.parse("reg:c:wei.du_1") == "wei.du_1"
    assert cb.NOTICE_ACK.parse("ack:x") is None and cb.BC_QUIT.matches("w:bc:q")
    for junk in (None, "", "reg:", "tk:", "tk:1:2", "w:bc:a:everyone", "rep:a:b", "rate:1"):
        assert cb.parse(junk) is None, junk


def test_builders_refuse_words_that_would_not_parse() -> None:
    for build in (lambda: cb.REPORT("a:b"), lambda: cb.REG_GRID(""), lambda: cb.RATE(1, "")):
        with pytest.raises(ValueError):
            build()
    with pytest.raises(cb.CallbackTooLong):
        cb.REG_COMMUNITY("x" * 60)


def test_the_longest_real_values_fit_in_64_bytes(matcher: Matcher) -> None:
    keys = [*matcher.catalogue.keys, cb.OTHER]
    built = [
        cb.REG_COMMUNITY(LONG_CODE),
        cb.REG_GRID(LONG_CODE),
        cb.TRANSFER_TO(BIG_TICKET, LONG_CODE),
        *(cb.REPORT(k) for k in keys),
        *(cb.CHANGE_TO(BIG_TICKET, k) for k in keys),
        *(b(BIG_TICKET) for b in cb.BUTTONS if isinstance(b, cb.Numbered)),
        *(cb.RATE(BIG_TICKET, code) for code in "sbdu"),
    ]
    assert max(len(data.encode()) for data in built) <= cb.MAX_BYTES


def test_the_application_routes_each_button_to_its_handler(harness: BotHarness) -> None:
    handlers = [
        h
        for group in sorted(harness.app.handlers)
        for h in harness.app.handlers[group]
        if isinstance(h, CallbackQueryHandler)
    ]
    for _, data, _, expected in SAMPLES:
        found = next(h for h in handlers if h.pattern and re.match(h.pattern, data))
        assert found.callback is expected, data
    either = cb.any_of(cb.CHANGE, cb.CHANGE_TO)
    assert re.match(either, "chg:1") and re.match(either, "chgto:1:other")
    assert not re.match(either, "chgto:1")
