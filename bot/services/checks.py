"""Which tickets need 核查 before 结案, and whether a worker's photo is there for it (issue 14)."""

from __future__ import annotations

from bot.domain import review
from intents import Catalogue
from storage.repos import Repos


def checked_intents(catalogue: Catalogue) -> frozenset[str]:
    """The categories whose 办结 needs 核查 (``verify: true``)."""
    return frozenset(key for key in catalogue.keys if catalogue.get(key).verify)


async def check_of(repos: Repos, ticket_id: int, checked: frozenset[str]) -> review.Check:
    """Whether this ticket's 办结 needs 核查, and whether a worker's photo is there for it
    (its ``evidence`` history entry; after a failed check, a new photo is needed)."""
    ticket = await repos.tickets.get(ticket_id)
    if ticket is None or ticket.intent not in checked:
        return review.Check()
    photo = await repos.tickets.latest_event(ticket_id, "evidence")
    failed = await repos.tickets.latest_event(ticket_id, "verify_failed")
    fresh = photo is not None and (failed is None or photo.id > failed.id)
    return review.Check(True, fresh)
