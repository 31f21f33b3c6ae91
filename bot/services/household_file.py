"""进百家门 households from the areas file: its optional top-level ``households:`` list.

Each entry names its grid by code, an address and a name, optionally a phone, notes, care
groups (from the settings' list) and ``consent: true`` — care groups without consent are
refused, as in the chat. Import is idempotent: a household is the same when its grid,
address and name are; re-import updates phone, notes, care groups and consent.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.visits import VisitPlan
from bot.services import audit
from bot.services.errors import AreaFileError
from bot.services.views import Clock
from storage.models import AreaLevel, Household
from storage.repos import Repos
from storage.uow import unit_of_work

log = logging.getLogger(__name__)
KNOWN = {"grid", "address", "name", "phone", "notes", "care", "consent"}


@dataclass(frozen=True)
class HouseholdEntry:
    """One validated household of the file."""

    grid: str
    address: str
    name: str
    phone: str | None
    notes: str
    care: tuple[str, ...]
    consent: bool


@dataclass(frozen=True)
class HouseholdImport:
    """What an import did."""

    created: int = 0
    updated: int = 0


def _text(item: dict[str, Any], key: str, where: str, required: bool) -> str:
    value = item.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str | int) or not str(value).strip():
        raise AreaFileError(f"{where}: field '{key}' must be a non-empty text")
    return str(value).strip()


def parse_households(path: Path, plan: VisitPlan) -> list[HouseholdEntry]:
    """The ``households:`` list of an areas file (empty when it has none), validated."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise AreaFileError(f"{path}: cannot read households: {exc}") from exc
    items = raw.get("households") if isinstance(raw, dict) else None
    if items is None:
        return []
    if not isinstance(items, list):
        raise AreaFileError(f"{path}: 'households' must be a list")
    entries = []
    for index, item in enumerate(items, start=1):
        where = f"{path}: household {index}"
        if not isinstance(item, dict) or set(item) - KNOWN:
            raise AreaFileError(f"{where}: a mapping of {', '.join(sorted(KNOWN))}")
        care = item.get("care") or []
        if not isinstance(care, list) or any(c not in plan.care_days for c in care):
            groups = "、".join(plan.care_days)
            raise AreaFileError(f"{where}: field 'care' must list care groups of: {groups}")
        consent = item.get("consent", False)
        if not isinstance(consent, bool) or (care and not consent):
            raise AreaFileError(f"{where}: care groups need 'consent: true'")
        phone = _text(item, "phone", where, False) or None
        entries.append(
            HouseholdEntry(
                _text(item, "grid", where, True), _text(item, "address", where, True),
                _text(item, "name", where, True), phone, _text(item, "notes", where, False),
                tuple(c for c in plan.care_days if c in care), consent,
            )
        )  # fmt: skip
    return entries


async def import_households(
    sessions: async_sessionmaker[AsyncSession], path: Path, plan: VisitPlan, clock: Clock
) -> HouseholdImport:
    """Validate the file's households, then create or update them in one transaction."""
    entries = parse_households(path, plan)
    created = updated = 0
    async with unit_of_work(sessions) as repos:
        for entry in entries:
            grid = await repos.areas.by_code(entry.grid)
            if grid is None or grid.level not in (AreaLevel.GRID, AreaLevel.MICRO_GRID):
                raise AreaFileError(f"{path}: household {entry.name}: no grid {entry.grid!r}")
            found = await _existing(repos, grid.id, entry)
            if found is None:
                now = clock()
                found = Household(grid_id=grid.id, address=entry.address, name=entry.name,
                                  created_at=now, next_due_at=now)  # fmt: skip
                repos.households.add(found)
                created += 1
            else:
                updated += 1
            _apply(found, entry, plan, clock)
        if entries:
            audit.record(repos, None, "cli", "household.import", created=created, updated=updated)
    log.info("households imported from %s: %d created, %d updated", path.name, created, updated)
    return HouseholdImport(created, updated)


async def _existing(repos: Repos, grid_id: int, entry: HouseholdEntry) -> Household | None:
    stmt = select(Household).where(
        Household.grid_id == grid_id,
        Household.address == entry.address,
        Household.name == entry.name,
    )
    return (await repos.session.scalars(stmt)).first()


def _apply(household: Household, entry: HouseholdEntry, plan: VisitPlan, clock: Clock) -> None:
    household.phone = entry.phone
    household.notes = entry.notes
    household.care_tags = list(entry.care)
    if entry.consent and household.consent_at is None:
        household.consent_at = clock()
    elif not entry.consent:
        household.consent_at, household.consent_by = None, None
    since = household.last_visit_at or household.created_at
    household.next_due_at = min(household.next_due_at, since + plan.every(list(entry.care)))
