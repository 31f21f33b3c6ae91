"""The plain answers for a refused 核查, 延期 or 申诉 (issue 14)."""

from __future__ import annotations

from bot.chat.views import texts
from bot.domain.errors import (
    AlreadyOwned,
    AlreadyPending,
    Forbidden,
    GridbotError,
    NothingPending,
    NotOpen,
    OwnWork,
)


def refusal(exc: GridbotError, ticket_id: int) -> str:
    """The plain answer for a refused 核查, 延期 or 申诉."""
    if isinstance(exc, OwnWork):
        return texts.VERIFY_OWN_WORK.format(id=ticket_id)
    if isinstance(exc, AlreadyPending):
        return texts.EXTEND_PENDING.format(id=ticket_id)
    if isinstance(exc, NothingPending):
        return texts.NOTHING_WAITING.format(id=ticket_id)
    if isinstance(exc, NotOpen):
        return texts.NOT_OPEN.format(id=ticket_id, status=texts.STATUS_NAMES[exc.status])
    if isinstance(exc, AlreadyOwned):
        return texts.EXTEND_NOT_OWNER.format(id=ticket_id)
    if isinstance(exc, Forbidden) and str(exc) == "not an admin":
        return texts.ONLY_ADMINS
    return texts.NOT_IN_SCOPE
