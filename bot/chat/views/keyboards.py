"""Inline and reply keyboards, and the callback-data prefixes their buttons carry."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from bot.chat.views import texts
from bot.services.registration import Page
from bot.services.reports import Choice
from bot.services.views import AreaView, TicketView

# callback-data prefixes (data = prefix + ":" + argument)
REG_PAGE = "reg:p"
REG_COMMUNITY = "reg:c"
REG_GRID = "reg:g"
REG_SKIP_ADDRESS = "reg:a"
REG_REDO = "reg:redo"
REPORT = "rep"
DROP = "rep:-drop"
CHANGE = "chg"
CHANGE_TO = "chgto"
INFO_OK = "info:ok"
INFO_HELP = "info:help"
OPEN = "tk"
CANCEL_ASK = "cx"
CANCEL_YES = "cxy"
CANCEL_NO = "cxn"
SPLIT = "split"
UNKNOWN_GRID = "?"
OTHER = "other"


def _button(text: str, *parts: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=":".join(str(p) for p in parts))


def _rows(
    buttons: Sequence[InlineKeyboardButton], width: int = 2
) -> list[list[InlineKeyboardButton]]:
    return [list(buttons[i : i + width]) for i in range(0, len(buttons), width)]


def communities(page: Page) -> InlineKeyboardMarkup:
    """Community choices, paginated."""
    rows = _rows([_button(a.name, REG_COMMUNITY, a.code) for a in page.items])
    nav = []
    if page.has_prev:
        nav.append(_button(texts.BTN_PREV, REG_PAGE, page.page - 1))
    if page.has_next:
        nav.append(_button(texts.BTN_NEXT, REG_PAGE, page.page + 1))
    return InlineKeyboardMarkup([*rows, nav] if nav else rows)


def grids(items: Iterable[AreaView]) -> InlineKeyboardMarkup:
    """Grid choices plus 不清楚."""
    buttons = [_button(g.name, REG_GRID, g.code) for g in items]
    buttons.append(_button(texts.UNKNOWN_GRID, REG_GRID, UNKNOWN_GRID))
    return InlineKeyboardMarkup(_rows(buttons))


def skip_address() -> InlineKeyboardMarkup:
    """跳过 for the address step."""
    return InlineKeyboardMarkup([[_button(texts.BTN_SKIP, REG_SKIP_ADDRESS, "skip")]])


def share_phone() -> ReplyKeyboardMarkup:
    """The resident's own contact, or 跳过."""
    return ReplyKeyboardMarkup(
        [[KeyboardButton(texts.BTN_SHARE_PHONE, request_contact=True)], [texts.BTN_SKIP]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def edit_address() -> InlineKeyboardMarkup:
    """修改住址 for a returning resident."""
    return InlineKeyboardMarkup([[_button(texts.BTN_EDIT_ADDRESS, REG_REDO, "1")]])


def categories(choices: Sequence[Choice], *, with_drop: bool = True) -> InlineKeyboardMarkup:
    """Category choices for a kept message, plus 其他问题 and 算了."""
    buttons = [_button(c.name, REPORT, c.key) for c in choices]
    buttons.append(_button(texts.BTN_OTHER, REPORT, OTHER))
    rows = _rows(buttons)
    if with_drop:
        rows.append([InlineKeyboardButton(texts.BTN_DROP, callback_data=DROP)])
    return InlineKeyboardMarkup(rows)


def opened(ticket: TicketView) -> InlineKeyboardMarkup:
    """不是这个类别 under a new ticket."""
    return InlineKeyboardMarkup([[_button(texts.BTN_WRONG_CATEGORY, CHANGE, ticket.id)]])


def appended(ticket: TicketView) -> InlineKeyboardMarkup:
    """这是另一件事 under a message added to an existing ticket."""
    return InlineKeyboardMarkup([[_button(texts.BTN_SPLIT, SPLIT, ticket.id)]])


def change_to(ticket_id: int, choices: Sequence[Choice]) -> InlineKeyboardMarkup:
    """The categories a ticket can be moved to."""
    buttons = [_button(c.name, CHANGE_TO, ticket_id, c.key) for c in choices]
    buttons.append(_button(texts.BTN_OTHER, CHANGE_TO, ticket_id, OTHER))
    return InlineKeyboardMarkup(_rows(buttons))


def info(request_id: int) -> InlineKeyboardMarkup:
    """已解决 / 还需要人工帮助 under a self-service answer."""
    return InlineKeyboardMarkup(
        [[_button(texts.BTN_SOLVED, INFO_OK, request_id)],
         [_button(texts.BTN_NEED_HUMAN, INFO_HELP, request_id)]]
    )  # fmt: skip


def my_tickets(tickets: Sequence[TicketView]) -> InlineKeyboardMarkup:
    """One button per ticket to open it."""
    return InlineKeyboardMarkup(
        [
            [_button(texts.BTN_OPEN_TICKET.format(id=t.id, intent=_intent(t)), OPEN, t.id)]
            for t in tickets
        ]
    )


def _intent(t: TicketView) -> str:
    return t.intent_name or texts.OTHER_INTENT_NAME


def cancel_confirm(ticket_id: int) -> InlineKeyboardMarkup:
    """确定撤销 / 不撤销."""
    return InlineKeyboardMarkup(
        [[_button(texts.BTN_CANCEL_YES, CANCEL_YES, ticket_id),
          _button(texts.BTN_CANCEL_NO, CANCEL_NO, ticket_id)]]
    )  # fmt: skip


def ticket_actions(ticket_id: int) -> InlineKeyboardMarkup:
    """接单 / 转派 / 详情 under a dispatch notice."""
    return InlineKeyboardMarkup(
        [
            [
                _button(texts.BTN_TAKE, "w", "take", ticket_id),
                _button(texts.BTN_TRANSFER, "w", "tr", ticket_id),
            ],
            [_button(texts.BTN_DETAIL, "w", "show", ticket_id)],
        ]
    )


RATING_ROWS = (("s", "b"), ("d", "u"))


def rating(ticket_id: int) -> InlineKeyboardMarkup:
    """满意 / 基本满意 / 不满意 / 问题没解决 under a 办结 message."""
    return InlineKeyboardMarkup(
        [[_button(texts.RATING_NAMES[c], "rate", ticket_id, c) for c in row] for row in RATING_ROWS]
    )
