"""ticket followers (我也遇到, 并单) and 每月一题 agenda items with their invited residents

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 13:45:00.000000

New tables only; the new ticket status ``merged`` needs no change (statuses are stored as
plain strings).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
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
    _agenda()


def _agenda() -> None:
    op.create_table(
        "agenda_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("intent", sa.String(length=40), nullable=False),
        sa.Column("grid_id", sa.Integer(), nullable=True),
        sa.Column("building", sa.String(length=100), nullable=True),
        sa.Column("tickets", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("announced_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["grid_id"],
            ["areas.id"],
            name=op.f("fk_agenda_items_grid_id_areas"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_items")),
    )
    op.create_table(
        "agenda_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=False),
        sa.Column("joining", sa.Boolean(), nullable=False),
        sa.Column("suggestion", sa.Text(), nullable=True),
        sa.Column("awaiting_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["agenda_items.id"],
            name=op.f("fk_agenda_replies_item_id_agenda_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["resident_id"],
            ["residents.id"],
            name=op.f("fk_agenda_replies_resident_id_residents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_replies")),
        sa.UniqueConstraint("item_id", "resident_id", name=op.f("uq_agenda_replies_item_id")),
    )
    with op.batch_alter_table("agenda_replies", schema=None) as batch_op:
        batch_op.create_index("ix_agenda_replies_resident_id", ["resident_id"], unique=False)


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("agenda_replies", schema=None) as batch_op:
        batch_op.drop_index("ix_agenda_replies_resident_id")
    op.drop_table("agenda_replies")
    op.drop_table("agenda_items")
    with op.batch_alter_table("ticket_followers", schema=None) as batch_op:
        batch_op.drop_index("ix_ticket_followers_resident_id")
    op.drop_table("ticket_followers")
