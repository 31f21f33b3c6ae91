"""ticket followers: 我也遇到 and 并单

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-02 13:45:00.000000

A new table only; the new ticket status ``merged`` needs no change (statuses are stored as
plain strings).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "ticket_followers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=False),
        sa.Column("via", sa.String(length=20), nullable=False),
        sa.Column("attachment_ids", sa.JSON(), nullable=True),
        sa.Column("rating", sa.String(length=20), nullable=True),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["resident_id"],
            ["residents.id"],
            name=op.f("fk_ticket_followers_resident_id_residents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name=op.f("fk_ticket_followers_ticket_id_tickets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_followers")),
        sa.UniqueConstraint("ticket_id", "resident_id", name=op.f("uq_ticket_followers_ticket_id")),
    )
    with op.batch_alter_table("ticket_followers", schema=None) as batch_op:
        batch_op.create_index("ix_ticket_followers_resident_id", ["resident_id"], unique=False)


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("ticket_followers", schema=None) as batch_op:
        batch_op.drop_index("ix_ticket_followers_resident_id")
    op.drop_table("ticket_followers")
