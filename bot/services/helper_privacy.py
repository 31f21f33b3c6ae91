"""微心愿 helpers' own rows (``helpers``: Telegram id, name, grid) for ``export-resident`` and
``forget-resident``: a helper need not be a registered resident. Forgetting deletes the
rows; the wishes they claimed keep their status and lose the link (``helper_id`` is SET NULL).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from storage.models import Helper
from storage.repos import Repos


async def helper_rows(repos: Repos, telegram_id: int) -> Sequence[Helper]:
    """The helper registrations of this Telegram user (one per grid)."""
    stmt = select(Helper).where(Helper.telegram_id == telegram_id).order_by(Helper.id)
    return (await repos.session.scalars(stmt)).all()


async def forget_helper(repos: Repos, telegram_id: int) -> int:
    """Delete the user's helper registrations; how many there were."""
    rows = await helper_rows(repos, telegram_id)
    for row in rows:
        await repos.session.delete(row)
    await repos.session.flush()
    return len(rows)
