"""Notices as people read them: the admin's preview and progress, the resident's copy, /notice."""

from __future__ import annotations

from itertools import groupby

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.chat.views import callbacks as cb
from bot.chat.views import texts
from bot.chat.views.render import Reply, esc
from bot.services.broadcast import (
    Draft,
    NoticeReport,
    Progress,
    Scope,
    Unconfirmed,
    building_of,
)
from bot.services.notice_delivery import Copy

LIMIT = 3900
"""Characters of a /notice answer (Telegram allows 4096)."""


def audience(draft: Draft) -> str:
    """Who a notice goes to, in words (escaped)."""
    if draft.scope is Scope.ALL:
        return texts.BC_AUDIENCE_ALL
    area = esc(draft.area_name or texts.NOT_SET)
    if draft.scope is Scope.BUILDING:
        return texts.BC_AUDIENCE_BUILDING.format(area=area, building=esc(draft.building))
    return area


def preview(draft: Draft) -> Reply:
    """The preview with the exact recipient count and 发送 / 取消 (and the 回执 switch)."""
    ack = texts.BC_ACK_ON if draft.needs_ack else texts.BC_ACK_OFF
    text = texts.BC_PREVIEW.format(
        id=draft.id,
        audience=audience(draft),
        count=draft.recipients,
        ack=ack,
        photo=texts.BC_PHOTO if draft.has_photo else "",
        text=esc(draft.text),
    )
    cancel = InlineKeyboardButton(texts.BTN_BC_CANCEL, callback_data=cb.BC_DROP(draft.id))
    if draft.recipients == 0:
        return Reply(text + texts.BC_PREVIEW_EMPTY, InlineKeyboardMarkup([[cancel]]))
    toggle = texts.BTN_BC_TOGGLE_ACK.format(ack=ack)
    rows = [
        [InlineKeyboardButton(toggle, callback_data=cb.BC_TOGGLE_ACK(draft.id))],
        [InlineKeyboardButton(texts.BTN_BC_SEND, callback_data=cb.BC_SEND(draft.id)), cancel],
    ]
    return Reply(text, InlineKeyboardMarkup(rows))


def progress(p: Progress) -> str:
    """Sent / failed / blocked / remaining, or the final report when done."""
    if not p.done:
        return texts.BC_PROGRESS.format(
            id=p.notice_id,
            sent=p.sent,
            failed=p.failed,
            blocked=p.blocked,
            pending=p.pending,
            total=p.total,
        )
    acks = texts.BC_ACKS.format(acked=p.acked, sent=p.sent, id=p.notice_id) if p.needs_ack else ""
    return texts.BC_DONE.format(
        id=p.notice_id, sent=p.sent, failed=p.failed, blocked=p.blocked, total=p.total, acks=acks
    )


def resident_copy(copy: Copy) -> Reply:
    """A resident's copy, with the 已阅 button when a receipt is asked for."""
    text = texts.RESIDENT_NOTICE.format(text=esc(copy.text))
    if not copy.needs_ack:
        return Reply(text)
    button = InlineKeyboardButton(texts.BTN_ACK, callback_data=cb.NOTICE_ACK(copy.id))
    return Reply(text + texts.RESIDENT_NOTICE_ACK, InlineKeyboardMarkup([[button]]))


def recent(drafts: list[Draft]) -> str:
    """An admin's latest notices, one line each."""
    if not drafts:
        return texts.NOTICE_LIST_EMPTY
    lines = [
        texts.NOTICE_LIST_LINE.format(
            id=d.id,
            audience=audience(d),
            count=d.recipients,
            status=texts.NOTICE_STATUS_NAMES.get(d.status.value, d.status.value),
        )
        for d in drafts
    ]
    return "\n".join([texts.NOTICE_LIST_HEADER, *lines])


def report(r: NoticeReport) -> str:
    """/notice: progress, and who has not confirmed, grouped by grid and building."""
    d = r.draft
    head = texts.NOTICE_REPORT.format(
        id=d.id,
        status=texts.NOTICE_STATUS_NAMES.get(d.status.value, d.status.value),
        audience=audience(d),
        progress=progress(r.progress).split("\n", 1)[1],
        text=esc(d.text, 100),
    )
    if not d.needs_ack:
        return head + texts.NOTICE_NO_ACK
    if not r.unconfirmed:
        return head + texts.NOTICE_ALL_CONFIRMED
    lines = [texts.NOTICE_UNCONFIRMED_HEADER.format(n=len(r.unconfirmed))]
    room, listed = LIMIT - len(head) - len(lines[0]), 0
    for grid, in_grid in groupby(r.unconfirmed, key=lambda u: u.grid or texts.NOTICE_NO_GRID):
        grid_line = texts.NOTICE_GRID_LINE.format(grid=esc(grid))
        people = sorted(in_grid, key=lambda u: building_of(u.address) or "~")
        for building, here in groupby(people, key=lambda u: building_of(u.address)):
            label = esc(building or texts.NOTICE_NO_ADDRESS)
            names = [_person(u) for u in here]
            while names and len(grid_line + _line(label, names)) + 1 > room:
                names.pop()
            if not names:
                break
            line = _line(label, names)
            lines.extend([grid_line, line] if grid_line else [line])
            room -= len(grid_line + line) + 2
            grid_line, listed = "", listed + len(names)
    if listed < len(r.unconfirmed):
        lines.append(texts.NOTICE_MORE.format(n=len(r.unconfirmed) - listed))
    return head + "\n".join(lines)


def _person(u: Unconfirmed) -> str:
    address = esc(u.address or texts.NOTICE_NO_ADDRESS, 40)
    return texts.NOTICE_PERSON.format(name=esc(u.name, 20), address=address)


def _line(building: str, names: list[str]) -> str:
    return texts.NOTICE_BUILDING_LINE.format(building=building, people="、".join(names))
