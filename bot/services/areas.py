"""The area hierarchy: idempotent import from a file, and look-ups for the conversation."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.areafile import AreaNode, parse_area_file
from storage.models import Area, AreaLevel
from storage.repos import Repos
from storage.uow import unit_of_work

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportReport:
    """What an import did, counted per outcome."""

    created: int
    updated: int
    unchanged: int
    by_level: dict[str, int]


class AreaService:
    """Reads and writes the area hierarchy."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def import_file(self, path: Path) -> ImportReport:
        """Validate the whole file, then upsert every area in one transaction."""
        roots = parse_area_file(path)
        async with unit_of_work(self._sessions) as repos:
            report = await _upsert_all(repos, roots)
        log.info(
            "areas imported from %s: %d created, %d updated, %d unchanged",
            path.name,
            report.created,
            report.updated,
            report.unchanged,
        )
        return report

    async def count(self) -> int:
        """How many areas the database holds."""
        async with unit_of_work(self._sessions) as repos:
            return await repos.areas.count()


async def _upsert_all(repos: Repos, roots: list[AreaNode]) -> ImportReport:
    nodes = [n for root in roots for n in root.walk()]
    existing = await repos.areas.by_codes([n.code for n in nodes])
    outcome: Counter[str] = Counter()
    levels: Counter[str] = Counter(n.level.value for n in nodes)
    defaults = _default_grids(roots)
    ids: dict[str, int] = {}

    async def visit(node: AreaNode, parent_id: int | None, order: int) -> None:
        values = {
            "name": node.name,
            "level": node.level,
            "parent_id": parent_id,
            "sort_order": order,
            "is_default": node.code in defaults,
        }
        area = existing.get(node.code)
        if area is None:
            area = Area(code=node.code, **values)
            repos.areas.add(area)
            outcome["created"] += 1
        elif any(getattr(area, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(area, key, value)
            outcome["updated"] += 1
        else:
            outcome["unchanged"] += 1
        await repos.areas.flush()
        ids[node.code] = area.id
        for i, child in enumerate(node.children):
            await visit(child, area.id, i)

    for i, root in enumerate(roots):
        await visit(root, None, i)
    return ImportReport(
        created=outcome["created"],
        updated=outcome["updated"],
        unchanged=outcome["unchanged"],
        by_level=dict(levels),
    )


def _default_grids(roots: list[AreaNode]) -> set[str]:
    """Each community's default grid: the one marked ``default``, else its first grid."""
    chosen: set[str] = set()
    for node in (n for root in roots for n in root.walk()):
        if node.level != AreaLevel.COMMUNITY or not node.children:
            continue
        marked = [c.code for c in node.children if c.is_default]
        chosen.add(marked[0] if marked else node.children[0].code)
    return chosen
