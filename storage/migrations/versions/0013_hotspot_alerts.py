"""hotspot alerts: the hotspots the daily watch has announced

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 15:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "hotspot_alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("intent", sa.String(length=40), nullable=False),
        sa.Column("grid_id", sa.Integer(), nullable=False),
        sa.Column("place", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("doubled", sa.Boolean(), nullable=False),
        sa.Column("announced_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotspot_alerts")),
        sa.UniqueConstraint(
            "kind",
            "intent",
            "grid_id",
            "place",
            name=op.f("uq_hotspot_alerts_kind"),
        ),
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("hotspot_alerts")
