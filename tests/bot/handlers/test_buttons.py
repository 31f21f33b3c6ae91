"""Every button press is answered: unknown, stale or malformed data gets a short toast."""

from __future__ import annotations

from bot.chat.views import callbacks as cb
from tests.bot.handlers.conftest import WANG
from tests.bot.workers.conftest import GUAN, LIU, grid
from tests.harness import BotHarness
from tests.updates import TgUser

__all__ = ["grid"]

BIG = "99999999999999999999"
ODD = ["", "nonsense", "nonsense:1", "tk:abc", f"tk:{BIG}", "tk:²", "cxy:", "cx:1:2",
       f"rate:{BIG}:satisfied", "rate:1:nonsense", "reg:", "split:x", "w:bc:nonsense"]  # fmt: skip
STAFF_ODD = ["w:take:abc", f"w:take:{BIG}", "w:take:-1", "w:nonsense:1", f"w:xfer:{BIG}:x", "w:"]


async def _answered(h: BotHarness, user: TgUser, data: str) -> str:
    """The toast (possibly empty) of the one answer a press got; fails when unanswered."""
    calls = await h.press_data(user, data)
    answers = [c for c in calls if c.method == "answerCallbackQuery"]
    assert len(answers) == 1, (data, [c.method for c in calls])
    assert not any("出了点问题" in c.plain_text for c in calls if c.method == "sendMessage")
    return str(answers[0].params.get("text", ""))


async def test_odd_buttons_of_residents_and_workers_are_answered(grid: BotHarness) -> None:
    for data in ODD:
        await _answered(grid, WANG, data)
    for data in ODD + STAFF_ODD:
        await _answered(grid, LIU, data)


async def test_unknown_button_gets_a_toast(grid: BotHarness) -> None:
    assert "失效" in await _answered(grid, WANG, "nonsense:1")
    assert "失效" in await _answered(grid, LIU, f"w:take:{BIG}")


async def test_every_numbered_button_with_an_id_out_of_range_is_answered(grid: BotHarness) -> None:
    numbered = [b for b in cb.BUTTONS if isinstance(b, cb.Numbered | cb.NumberedWord)]
    for button in numbered:
        word = ":satisfied" if isinstance(button, cb.NumberedWord) else ""
        for number in (BIG, "²", "٣٣"):
            for user in (WANG, LIU, GUAN):
                await _answered(grid, user, f"{button.prefix}:{number}{word}")
