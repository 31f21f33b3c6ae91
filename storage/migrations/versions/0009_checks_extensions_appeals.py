"""核查 before 结案, extensions and appeals (issue 14)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 13:40:00.000000

``tickets.resolver_id`` is who submitted 办结 (the doer, who may not check their own work);
``tickets.extension_hours`` / ``extension_until`` the extension waiting for an admin;
``tickets.appeal`` the appeal of a 不满意 rating (``pending``, ``upheld``, ``removed``);
``attachments.staff_id`` marks a photo a worker sent as evidence. The new status
``verifying`` needs no change: statuses are stored as plain strings.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("resolver_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("extension_hours", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("extension_until", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("appeal", sa.String(length=20), nullable=True))
        batch_op.create_foreign_key(
            "fk_tickets_resolver_id_staff", "staff", ["resolver_id"], ["id"], ondelete="SET NULL"
        )
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("staff_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_attachments_staff_id_staff", "staff", ["staff_id"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    """Revert this revision (tickets waiting for a check go back to 已办结)."""
    op.execute("UPDATE tickets SET status = 'resolved' WHERE status = 'verifying'")
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_constraint("fk_attachments_staff_id_staff", type_="foreignkey")
        batch_op.drop_column("staff_id")
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_constraint("fk_tickets_resolver_id_staff", type_="foreignkey")
        batch_op.drop_column("appeal")
        batch_op.drop_column("extension_until")
        batch_op.drop_column("extension_hours")
        batch_op.drop_column("resolver_id")
