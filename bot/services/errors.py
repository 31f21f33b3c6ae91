"""Domain errors, caught by handlers and the CLI and answered in plain words.

GridbotError
├── NotFound          a referenced thing (area, staff, ticket) does not exist
├── InvalidInput      the request itself is malformed
│   └── AreaFileError an areas file is wrong (names the line and field)
└── Forbidden         the actor may not do this
"""

from __future__ import annotations


class GridbotError(Exception):
    """Base of every domain error."""


class NotFound(GridbotError):
    """A referenced thing does not exist."""


class InvalidInput(GridbotError):
    """The request is malformed."""


class AreaFileError(InvalidInput):
    """An areas file is wrong; the message names the line and field."""


class Forbidden(GridbotError):
    """The actor may not do this."""
