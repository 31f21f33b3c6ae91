"""Domain errors, caught by handlers and the CLI and answered in plain words.

GridbotError
├── NotFound          a referenced thing (area, staff, ticket) does not exist or is out of sight
├── InvalidInput      the request itself is malformed
└── Forbidden         the actor may not do this
    ├── AlreadyOwned  another worker has taken the ticket (首问负责)
    ├── NotOpen       the ticket's status does not allow this
    ├── OwnWork       the doer may not check, approve or judge their own work
    ├── AlreadyPending  one extension at a time; a rating is appealed once
    └── NothingPending  no check, extension or appeal is waiting
"""

from __future__ import annotations


class GridbotError(Exception):
    """Base of every domain error."""


class NotFound(GridbotError):
    """A referenced thing does not exist (or the actor may not know it does)."""


class InvalidInput(GridbotError):
    """The request is malformed."""


class Forbidden(GridbotError):
    """The actor may not do this."""


class AlreadyOwned(Forbidden):
    """Another worker owns the ticket (首问负责); ``owner_id`` is their staff id."""

    def __init__(self, ticket_id: int, owner_id: int) -> None:
        super().__init__(f"ticket {ticket_id} is owned by staff {owner_id}")
        self.ticket_id, self.owner_id = ticket_id, owner_id


class NotOpen(Forbidden):
    """The ticket's status does not allow this."""

    def __init__(self, ticket_id: int, status: str) -> None:
        super().__init__(f"ticket {ticket_id} is {status}")
        self.ticket_id, self.status = ticket_id, status


# issue 14 (核查, 延期, 申诉): Forbidden's further children
class OwnWork(Forbidden):
    """The doer may not check, approve or judge their own work (核查 by someone else)."""


class AlreadyPending(Forbidden):
    """One at a time: an extension is already waiting, or the rating was already appealed."""


class NothingPending(Forbidden):
    """There is nothing to decide: no check, extension or appeal is waiting."""
