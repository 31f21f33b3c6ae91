"""The domain's enums and the stored ones name the same values (the domain imports nothing of
storage, so the two are kept in step here)."""

from __future__ import annotations

from bot.domain.policy import Role
from bot.domain.tickets import OPEN, Status
from storage.models import OPEN_STATUSES, StaffRole, TicketStatus


def test_ticket_statuses_agree() -> None:
    assert [s.value for s in Status] == [s.value for s in TicketStatus]
    assert {s.value for s in OPEN} == {s.value for s in OPEN_STATUSES}


def test_roles_agree() -> None:
    assert [r.value for r in Role] == [r.value for r in StaffRole]
