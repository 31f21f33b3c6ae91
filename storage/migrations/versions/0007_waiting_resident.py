"""待居民补充: tickets.waiting_since, set while the clock is paused for the resident

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 14:00:00.000000

A worker's question marked 待居民补充 pauses the ticket's time limits until the resident
answers; ``waiting_since`` is when the pause began (NULL: the clock runs).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the pause column."""
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("waiting_since", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Drop the pause column (paused tickets simply run again)."""
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("waiting_since")
