"""Errors the services raise: the domain's tree (``bot.domain.errors``) and one of their own.

GridbotError
├── NotFound          a referenced thing (area, staff, ticket) does not exist
├── InvalidInput      the request itself is malformed
│   └── AreaFileError an areas file is wrong (names the line and field)
└── Forbidden         the actor may not do this
    ├── AlreadyOwned  another worker has taken the ticket (首问负责)
    └── NotOpen       the ticket's status does not allow this
"""

from __future__ import annotations

from bot.domain.errors import (
    AlreadyOwned,
    Forbidden,
    GridbotError,
    InvalidInput,
    NotFound,
    NotOpen,
)


class AreaFileError(InvalidInput):
    """An areas file is wrong; the message names the line and field."""


__all__ = [
    "AlreadyOwned",
    "AreaFileError",
    "Forbidden",
    "GridbotError",
    "InvalidInput",
    "NotFound",
    "NotOpen",
]
