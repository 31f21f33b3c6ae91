"""Inline and reply keyboards; their callback data comes from ``callbacks``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from bot.chat.views import callbacks as cb
from bot.chat.views import texts
from bot.services.registration import Page
from bot.services.reports import Choice
from bot.services.views import AreaView, TicketView


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=data)


def _rows(
    buttons: Sequence[InlineKeyboardButton], width: int = 2
) -> list[list[InlineKeyboardButton]]:
    return [list(buttons[i : i + width]) for i in range(0, len(buttons), width)]


def communities(page: Page) -> InlineKeyboardMarkup:
    """Community choices, paginated."""
    rows = _rows([_button(a.name, cb.REG_COMMUNITY(a.code)) for a in page.items])
    nav = []
    if page.has_prev:
        nav.append(_button(texts.BTN_PREV, cb.REG_PAGE(page.page - 1)))
    if page.has_next:
        nav.append(_button(texts.BTN_NEXT, cb.REG_PAGE(page.page + 1)))
    return InlineKeyboardMarkup([*rows, nav] if nav else rows)


def grids(items: Iterable[AreaView]) -> InlineKeyboardMarkup:
    """Grid choices plus 不清楚."""
    buttons = [_button(g.name, cb.REG_GRID(g.code)) for g in items]
    buttons.append(_button(texts.UNKNOWN_GRID, cb.REG_GRID(cb.UNKNOWN_GRID)))
    return InlineKeyboardMarkup(_rows(buttons))


def skip_address() -> InlineKeyboardMarkup:
    """跳过 for the address step."""
    return InlineKeyboardMarkup([[_button(texts.BTN_SKIP, cb.REG_SKIP_ADDRESS())]])


def share_phone() -> ReplyKeyboardMarkup:
    """The resident's own contact, or 跳过."""
    return ReplyKeyboardMarkup(
        [[KeyboardButton(texts.BTN_SHARE_PHONE, request_contact=True)], [texts.BTN_SKIP]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def edit_address() -> InlineKeyboardMarkup:
    """修改住址 for a returning resident."""
    return InlineKeyboardMarkup([[_button(texts.BTN_EDIT_ADDRESS, cb.REG_REDO())]])


def categories(choices: Sequence[Choice], *, with_drop: bool = True) -> InlineKeyboardMarkup:
    """Category choices for a kept message, plus 其他问题 and 算了."""
    buttons = [_button(c.name, cb.REPORT(c.key)) for c in choices]
    buttons.append(_button(texts.BTN_OTHER, cb.REPORT(cb.OTHER)))
    rows = _rows(buttons)
    if with_drop:
        rows.append([_button(texts.BTN_DROP, cb.REPORT_DROP())])
    return InlineKeyboardMarkup(rows)


def opened(ticket: TicketView) -> InlineKeyboardMarkup:
    """不是这个类别 under a new ticket."""
    return InlineKeyboardMarkup([[_button(texts.BTN_WRONG_CATEGORY, cb.CHANGE(ticket.id))]])


def appended(ticket: TicketView) -> InlineKeyboardMarkup:
    """这是另一件事 under a message added to an existing ticket."""
    return InlineKeyboardMarkup([[_button(texts.BTN_SPLIT, cb.SPLIT(ticket.id))]])


def change_to(ticket_id: int, choices: Sequence[Choice]) -> InlineKeyboardMarkup:
    """The categories a ticket can be moved to."""
    buttons = [_button(c.name, cb.CHANGE_TO(ticket_id, c.key)) for c in choices]
    buttons.append(_button(texts.BTN_OTHER, cb.CHANGE_TO(ticket_id, cb.OTHER)))
    return InlineKeyboardMarkup(_rows(buttons))


def info(request_id: int) -> InlineKeyboardMarkup:
    """已解决 / 还需要人工帮助 under a self-service answer."""
    return InlineKeyboardMarkup(
        [[_button(texts.BTN_SOLVED, cb.INFO_OK(request_id))],
         [_button(texts.BTN_NEED_HUMAN, cb.INFO_HELP(request_id))]]
    )  # fmt: skip


def my_tickets(tickets: Sequence[TicketView]) -> InlineKeyboardMarkup:
    """One button per ticket to open it."""
    label = texts.BTN_OPEN_TICKET
    return InlineKeyboardMarkup(
        [[_button(label.format(id=t.id, intent=_intent(t)), cb.OPEN_TICKET(t.id))]
         for t in tickets]
    )  # fmt: skip


def _intent(t: TicketView) -> str:
    return t.intent_name or texts.OTHER_INTENT_NAME


def cancel_confirm(ticket_id: int) -> InlineKeyboardMarkup:
    """确定撤销 / 不撤销."""
    return InlineKeyboardMarkup(
        [[_button(texts.BTN_CANCEL_YES, cb.CANCEL_YES(ticket_id)),
          _button(texts.BTN_CANCEL_NO, cb.CANCEL_NO(ticket_id))]]
    )  # fmt: skip


def ticket_actions(ticket_id: int) -> InlineKeyboardMarkup:
    """接单 / 转派 / 详情 under a dispatch notice."""
    return InlineKeyboardMarkup(
        [
            [
                _button(texts.BTN_TAKE, cb.TAKE(ticket_id)),
                _button(texts.BTN_TRANSFER, cb.TRANSFER(ticket_id)),
            ],
            [_button(texts.BTN_DETAIL, cb.SHOW(ticket_id))],
        ]
    )


RATING_ROWS = (("s", "b"), ("d", "u"))


def rating(ticket_id: int) -> InlineKeyboardMarkup:
    """满意 / 基本满意 / 不满意 / 问题没解决 under a 办结 message."""
    names = texts.RATING_NAMES
    return InlineKeyboardMarkup(
        [[_button(names[c], cb.RATE(ticket_id, c)) for c in row] for row in RATING_ROWS]
    )


# --- issue 14: 核查, 延期, 申诉 ----------------------------------------------------------------
def verify(ticket_id: int) -> InlineKeyboardMarkup:
    """核查通过 / 核查不通过 under a ticket waiting for 核查."""
    return InlineKeyboardMarkup(
        [[_button(texts.BTN_VERIFY_OK, cb.VERIFY_OK(ticket_id)),
          _button(texts.BTN_VERIFY_NO, cb.VERIFY_NO(ticket_id))]]
    )  # fmt: skip


def extension(ticket_id: int) -> InlineKeyboardMarkup:
    """同意延期 / 不同意 under an extension request."""
    return InlineKeyboardMarkup(
        [[_button(texts.BTN_EXTEND_YES, cb.EXTEND_YES(ticket_id)),
          _button(texts.BTN_EXTEND_NO, cb.EXTEND_NO(ticket_id))]]
    )  # fmt: skip


def appeal(ticket_id: int) -> InlineKeyboardMarkup:
    """申诉 under a 不满意 rating told to the owner."""
    return InlineKeyboardMarkup([[_button(texts.BTN_APPEAL, cb.APPEAL(ticket_id))]])


def appeal_decision(ticket_id: int) -> InlineKeyboardMarkup:
    """维持评价 / 撤销评价 under an appeal."""
    return InlineKeyboardMarkup(
        [[_button(texts.BTN_APPEAL_UPHOLD, cb.APPEAL_UPHOLD(ticket_id)),
          _button(texts.BTN_APPEAL_REMOVE, cb.APPEAL_REMOVE(ticket_id))]]
    )  # fmt: skip


def metoo_offer(ticket_id: int) -> InlineKeyboardMarkup:
    """我也遇到 / 这是另一件事 under an offer to join a neighbour's ticket."""
    return InlineKeyboardMarkup(
        [
            [_button(texts.BTN_METOO, cb.METOO_JOIN(ticket_id))],
            [_button(texts.BTN_METOO_OTHER, cb.METOO_NEW(ticket_id))],
        ]
    )


def follower_rating(ticket_id: int) -> InlineKeyboardMarkup:
    """满意 / 基本满意 / 不满意 / 问题没解决 for a household following a ticket."""
    names = texts.RATING_NAMES
    return InlineKeyboardMarkup(
        [[_button(names[c], cb.FOLLOWER_RATE(ticket_id, c)) for c in row] for row in RATING_ROWS]
    )


def agenda_raise(spots: Sequence[tuple[int, str, int]]) -> InlineKeyboardMarkup | None:
    """列入每月一题 under /hotspots: one button per (number, kind, first ticket) listed."""
    buttons = [_button(texts.BTN_AGENDA_RAISE.format(n=n), cb.AG_RAISE(t, k)) for n, k, t in spots]
    return InlineKeyboardMarkup(_rows(buttons, 1)) if buttons else None


def agenda_invite(item_id: int) -> InlineKeyboardMarkup:
    """邀请相关居民 under a raised agenda item."""
    return InlineKeyboardMarkup([[_button(texts.BTN_AGENDA_INVITE, cb.AG_INVITE(item_id))]])


def agenda_list(item_ids: Sequence[int]) -> InlineKeyboardMarkup | None:
    """A details button per agenda item listed."""
    buttons = [_button(texts.BTN_AGENDA_SHOW.format(id=i), cb.AG_SHOW(i)) for i in item_ids]
    return InlineKeyboardMarkup(_rows(buttons, 3)) if buttons else None


def agenda_reply(item_id: int) -> InlineKeyboardMarkup:
    """我要参加 / 我有建议 under an invitation."""
    return InlineKeyboardMarkup(
        [
            [
                _button(texts.BTN_AGENDA_JOIN, cb.AG_JOIN(item_id)),
                _button(texts.BTN_AGENDA_IDEA, cb.AG_IDEA(item_id)),
            ]
        ]
    )
