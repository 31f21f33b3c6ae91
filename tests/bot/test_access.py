"""Roles come from the handler table: the access gate and the per-role menus derive from it.

A resident typing a staff command gets the ordinary "unknown command"; a worker typing an
admin command too; admins may do what workers do.
"""

from __future__ import annotations

import pytest

from bot.chat.access import Gate, Level
from bot.chat.app import handler_table
from storage.models import StaffRole
from tests.bot.workers.conftest import GUAN, LIU
from tests.conftest import ADMIN_ID
from tests.harness import BotHarness
from tests.updates import TgUser

WORKER_COMMANDS = ("queue", "take", "reply", "ask", "note", "resolve", "transfer", "verify",
                   "extend", "appeal", "merge", "visits", "household", "helper", "new",
                   "rate", "web")  # fmt: skip
ADMIN_COMMANDS = ("overdue", "grant", "revoke", "stats", "broadcast", "notice", "hotspots",
                  "agenda")  # fmt: skip
UNKNOWN = "这个命令我不认识"
RESIDENT = TgUser(1001, "王阿姨")
WORKER_MENU = ["start", "help", "my", "queue", "take", "reply", "ask", "note", "resolve",
               "transfer", "ticket", "merge", "extend", "appeal", "verify", "visits", "household",
               "new", "rate", "web", "wish", "wishes", "helper"]  # fmt: skip
ADMIN_MENU = ["start", "help", "my", "queue", "overdue", "stats", "broadcast", "take", "reply",
              "ask", "note", "resolve", "transfer", "ticket", "grant", "revoke", "notice",
              "agenda", "hotspots", "merge", "extend", "appeal", "verify", "visits", "household",
              "new", "rate", "web", "wish", "wishes", "helper"]  # fmt: skip


def test_the_gate_knows_every_staff_command_from_the_table() -> None:
    gate = Gate((row.handler, row.level) for row in handler_table())
    staff = {name: level for name, level in gate.commands.items() if level > Level.RESIDENT}
    assert staff == {
        **dict.fromkeys(WORKER_COMMANDS, Level.WORKER),
        **dict.fromkeys(ADMIN_COMMANDS, Level.ADMIN),
    }
    for resident_command in ("start", "help", "my", "ticket", "cancel"):
        assert gate.commands[resident_command] is Level.RESIDENT


def test_levels_follow_roles() -> None:
    assert [Level.of(None), Level.of(StaffRole.WORKER), Level.of(StaffRole.ADMIN)] == [
        Level.RESIDENT,
        Level.WORKER,
        Level.ADMIN,
    ]


@pytest.mark.parametrize("command", WORKER_COMMANDS + ADMIN_COMMANDS)
async def test_a_resident_typing_a_staff_command_gets_unknown_command(
    harness: BotHarness, command: str
) -> None:
    calls = await harness.say(RESIDENT, f"/{command} 1 x")
    assert [c.plain_text[: len(UNKNOWN)] for c in calls] == [UNKNOWN]


async def test_a_worker_may_not_use_admin_commands(bot: BotHarness) -> None:
    await bot.services.staff.add(LIU.id, StaffRole.WORKER, ["cailing-02"], "刘芳")
    for command in ADMIN_COMMANDS:
        [answer] = await bot.say(LIU, f"/{command}")
        assert answer.plain_text.startswith(UNKNOWN), command
    [queue] = await bot.say(LIU, "/queue")
    assert not queue.plain_text.startswith(UNKNOWN)


async def test_admins_may_do_what_workers_do(bot: BotHarness) -> None:
    await bot.services.staff.add(GUAN.id, StaffRole.ADMIN, ["cailing"], "管建新")
    for command in ("/queue", "/take", "/overdue", "/stats"):
        answers = await bot.say(GUAN, command)
        assert answers and not answers[0].plain_text.startswith(UNKNOWN), command


async def test_a_forged_staff_button_is_refused_to_a_resident(harness: BotHarness) -> None:
    [answer] = await harness.press_data(RESIDENT, "w:take:1")
    assert answer.method == "answerCallbackQuery" and answer.params["text"].startswith(UNKNOWN)


async def test_menus_per_role_come_from_the_table(bot: BotHarness) -> None:
    harness = bot
    await harness.services.staff.add(LIU.id, StaffRole.WORKER, ["cailing-02"], "刘芳")
    await harness.services.staff.add(GUAN.id, StaffRole.ADMIN, ["cailing"], "管建新")
    assert harness.app.post_init is not None
    await harness.app.post_init(harness.app)
    menus = {
        c.params.get("scope", {}).get("chat_id"): [cmd["command"] for cmd in c.params["commands"]]
        for c in harness.api.calls
        if c.method == "setMyCommands"
    }
    assert menus == {
        None: ["start", "help", "my", "wish", "wishes"],
        LIU.id: WORKER_MENU,
        GUAN.id: ADMIN_MENU,
        ADMIN_ID: ADMIN_MENU,
    }
