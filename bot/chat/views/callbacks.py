"""Every callback-data format our buttons carry, in one place: a typed builder and parser per
button, a ``pattern`` for its ``CallbackQueryHandler``, and one ``parse`` naming any press.

The bytes are those the bot has always sent, so buttons already in chats keep working.
Telegram refuses callback data over 64 bytes: every builder checks. Buttons under ``w:``
are staff buttons (``bot/chat/access.py`` gates them by that prefix).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_BYTES = 64
STAFF_PREFIX = "w:"
"""Every staff button starts so; the role gate checks it."""
BROADCAST_PREFIX = "w:bc:"
"""Every button of an admin's notice (the dialogue and the preview)."""
UNKNOWN_GRID = "?"
"""The 不清楚 grid choice."""
OTHER = "other"
"""The 其他问题 category key."""
WORD = r"[^:]+"
KEY = r"\w+"


class CallbackTooLong(ValueError):
    """Callback data over Telegram's 64 bytes."""


def _checked(data: str) -> str:
    if len(data.encode()) > MAX_BYTES:
        raise CallbackTooLong(data)
    return data


def _word(word: str, regex: str) -> str:
    if not re.fullmatch(regex, word):
        raise ValueError(f"not a callback word: {word!r}")
    return word


@dataclass(frozen=True)
class Fixed:
    """A button without arguments: ``data`` exactly."""

    data: str

    @property
    def pattern(self) -> str:
        """The regex a handler of this button matches."""
        return f"^{re.escape(self.data)}$"

    def __call__(self) -> str:
        """The callback data."""
        return _checked(self.data)

    def matches(self, data: str | None) -> bool:
        """Whether ``data`` is this button."""
        return data == self.data


@dataclass(frozen=True)
class Numbered:
    """``prefix:<number>`` (a ticket, notice, page, delivery … id)."""

    prefix: str

    @property
    def pattern(self) -> str:
        """The regex a handler of this button matches."""
        return rf"^{re.escape(self.prefix)}:(\d+)$"

    def __call__(self, number: int) -> str:
        """The callback data."""
        return _checked(f"{self.prefix}:{int(number)}")

    def parse(self, data: str | None) -> int | None:
        """The number, if ``data`` is this button."""
        match = re.match(self.pattern, data or "")
        return int(match.group(1)) if match else None


@dataclass(frozen=True)
class Worded:
    """``prefix:<word>`` (an area code, a category key …; never a colon)."""

    prefix: str
    word: str = WORD

    @property
    def pattern(self) -> str:
        """The regex a handler of this button matches."""
        return rf"^{re.escape(self.prefix)}:({self.word})$"

    def __call__(self, word: str) -> str:
        """The callback data."""
        return _checked(f"{self.prefix}:{_word(word, self.word)}")

    def parse(self, data: str | None) -> str | None:
        """The word, if ``data`` is this button."""
        match = re.match(self.pattern, data or "")
        return match.group(1) if match else None


@dataclass(frozen=True)
class NumberedWord:
    """``prefix:<number>:<word>`` (a ticket id and a category, grid or rating)."""

    prefix: str
    word: str = WORD

    @property
    def pattern(self) -> str:
        """The regex a handler of this button matches."""
        return rf"^{re.escape(self.prefix)}:(\d+):({self.word})$"

    def __call__(self, number: int, word: str) -> str:
        """The callback data."""
        return _checked(f"{self.prefix}:{int(number)}:{_word(word, self.word)}")

    def parse(self, data: str | None) -> tuple[int, str] | None:
        """The number and the word, if ``data`` is this button."""
        match = re.match(self.pattern, data or "")
        return (int(match.group(1)), match.group(2)) if match else None


Button = Fixed | Numbered | Worded | NumberedWord

# registration (handlers/resident/registration.py)
REG_PAGE = Numbered("reg:p")
REG_COMMUNITY = Worded("reg:c")
REG_GRID = Worded("reg:g")
REG_SKIP_ADDRESS = Fixed("reg:a:skip")
REG_REDO = Fixed("reg:redo:1")
# reports (handlers/resident/reports.py)
REPORT_DROP = Fixed("rep:-drop")
REPORT = Worded("rep", KEY)
CHANGE = Numbered("chg")
CHANGE_TO = NumberedWord("chgto", KEY)
INFO_OK = Numbered("info:ok")
INFO_HELP = Numbered("info:help")
SPLIT = Numbered("split")
# following up (handlers/resident/follow.py)
OPEN_TICKET = Numbered("tk")
CANCEL_ASK = Numbered("cx")
CANCEL_YES = Numbered("cxy")
CANCEL_NO = Numbered("cxn")
RATE = NumberedWord("rate", KEY)
# staff buttons on ticket notices (handlers/staff/worker.py)
TAKE = Numbered("w:take")
TRANSFER = Numbered("w:tr")
SHOW = Numbered("w:show")
TRANSFER_TO = NumberedWord("w:to")
WAIT = Numbered("w:wait")  # 待居民补充 under a reply (handlers/staff/pause.py)
# an admin's notice: the /broadcast dialogue and the preview (handlers/admin/broadcast*.py)
BC_AUDIENCE = Worded("w:bc:a", "all|com|grid|bld")
BC_COMMUNITY = Numbered("w:bc:c")
BC_GRID = Numbered("w:bc:g")
BC_RECEIPT_YES = Fixed("w:bc:r:1")
BC_RECEIPT_NO = Fixed("w:bc:r:0")
BC_QUIT = Fixed("w:bc:q")
BC_SEND = Numbered("w:bc:send")
BC_DROP = Numbered("w:bc:drop")
BC_TOGGLE_ACK = Numbered("w:bc:ack")
# a resident's 已阅 under a notice
NOTICE_ACK = Numbered("ack")
# issue 14: 核查, 延期, 申诉 (handlers/staff/review.py)
VERIFY_OK = Numbered("w:vok")
VERIFY_NO = Numbered("w:vno")
EXTEND_YES = Numbered("w:exy")
EXTEND_NO = Numbered("w:exn")
APPEAL = Numbered("w:apl")
APPEAL_UPHOLD = Numbered("w:apu")
APPEAL_REMOVE = Numbered("w:apr")
# 我也遇到 / 这是另一件事 under an offer, a follower's rating (handlers/resident/metoo.py)
METOO_JOIN = Numbered("mt:join")
METOO_NEW = Numbered("mt:new")
FOLLOWER_RATE = NumberedWord("frate", KEY)
# 每月一题: an admin's buttons (handlers/admin/agenda.py), a resident's replies
AG_RAISE = NumberedWord("w:ag:raise", "crowd|repeat|recur")
AG_INVITE = Numbered("w:ag:inv")
AG_SHOW = Numbered("w:ag:show")
AG_JOIN = Numbered("ag:join")
AG_IDEA = Numbered("ag:idea")
# 进百家门 (handlers/staff/visits.py): a household's card, a visit's checklist (``mask``: the
# checks marked 有问题, one bit each, so the message carries its own state)
HH_SHOW = Numbered("w:hh:s")
HH_CONSENT = Numbered("w:hh:c")
HH_TAG = NumberedWord("w:hh:t", r"\d+")
VISIT_START = Numbered("w:vs")
VISIT_CHECKS = NumberedWord("w:vc", r"\d+")
VISIT_DONE = NumberedWord("w:vd", r"\d+")
VISIT_ABSENT = Numbered("w:va")
# /new as a dialogue (handlers/staff/new_dialogue.py): a household, a new address's grid,
# 没有电话, a category, 取消
NB_HOUSEHOLD = Numbered("w:nb:h")
NB_NEW = Numbered("w:nb:n")
NB_NO_PHONE = Fixed("w:nb:p")
NB_CATEGORY = Worded("w:nb:c", KEY)
NB_QUIT = Fixed("w:nb:q")
# 微心愿 (handlers/resident/wishes.py): helpers are residents, so not under ``w:``
WISH_CLAIM = Numbered("wish:c")
WISH_FULFIL = Numbered("wish:f")

BUTTONS: tuple[Button, ...] = (
    *(REG_PAGE, REG_COMMUNITY, REG_GRID, REG_SKIP_ADDRESS, REG_REDO),
    *(REPORT_DROP, REPORT, CHANGE, CHANGE_TO, INFO_OK, INFO_HELP, SPLIT),
    *(OPEN_TICKET, CANCEL_ASK, CANCEL_YES, CANCEL_NO, RATE),
    *(TAKE, TRANSFER, SHOW, TRANSFER_TO, WAIT),
    *(BC_AUDIENCE, BC_COMMUNITY, BC_GRID, BC_RECEIPT_YES, BC_RECEIPT_NO, BC_QUIT),
    *(BC_SEND, BC_DROP, BC_TOGGLE_ACK, NOTICE_ACK),
    *(VERIFY_OK, VERIFY_NO, EXTEND_YES, EXTEND_NO, APPEAL, APPEAL_UPHOLD, APPEAL_REMOVE),
    *(METOO_JOIN, METOO_NEW, FOLLOWER_RATE),
    *(AG_RAISE, AG_INVITE, AG_SHOW, AG_JOIN, AG_IDEA),
    *(HH_SHOW, HH_CONSENT, HH_TAG, VISIT_START, VISIT_CHECKS, VISIT_DONE, VISIT_ABSENT),
    *(WISH_CLAIM, WISH_FULFIL),
    *(NB_HOUSEHOLD, NB_NEW, NB_NO_PHONE, NB_CATEGORY, NB_QUIT),
)
"""Every button, each matching data no other one matches."""


def any_of(*buttons: Button) -> str:
    """One regex for a handler that takes several buttons."""
    return "|".join(f"(?:{b.pattern})" for b in buttons)


@dataclass(frozen=True)
class Pressed:
    """A press, parsed: which button, and its number and word where it has them."""

    button: Button
    number: int | None = None
    word: str | None = None


def parse(data: str | None) -> Pressed | None:
    """The button this callback data belongs to, with its arguments (None if no button)."""
    for button in BUTTONS:
        if isinstance(button, Fixed):
            if button.matches(data):
                return Pressed(button)
        elif isinstance(button, Numbered):
            if (number := button.parse(data)) is not None:
                return Pressed(button, number=number)
        elif isinstance(button, Worded):
            if (word := button.parse(data)) is not None:
                return Pressed(button, word=word)
        elif (both := button.parse(data)) is not None:
            return Pressed(button, number=both[0], word=both[1])
    return None


# --- the handlers' families: every datum that starts like one of their buttons, malformed or
# stale ones included, so the handler that owns the family answers the press ------------------
REGISTRATION = r"^reg:"
REPORTS = r"^rep:"
INFO = r"^info:"
CHANGES = r"^chg"
SPLITS = r"^split:"
FOLLOW = r"^(tk|cx|cxy|cxn):"
RATING = r"^rate:"
METOO = r"^mt:"
FOLLOWER_RATING = r"^frate:"
AGENDA_STAFF = r"^w:ag:"
AGENDA = r"^ag:"
STAFF = rf"^{re.escape(STAFF_PREFIX)}"
REVIEW = r"^w:(vok|vno|exy|exn|apl|apu|apr):"
VISITS = r"^w:(hh:|vs:|vc:|vd:|va:)"
NEW_DIALOGUE = r"^w:nb:"
WISHES = r"^wish:"
