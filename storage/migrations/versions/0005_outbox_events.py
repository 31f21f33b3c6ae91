"""the outbox stores events (kind + parameters), rendered when sent

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 01:10:00

Messages still pending at the upgrade keep their finished text as a ``legacy`` event (so
nothing waiting is lost); the finished copies of messages already sent or failed are
dropped (they were the copies of residents' words that ``forget-resident`` could not reach).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = sa.table(
    "outbox",
    sa.column("id", sa.Integer()),
    sa.column("status", sa.String()),
    sa.column("kind", sa.String()),
    sa.column("text", sa.Text()),
    sa.column("reply_markup", sa.JSON()),
    sa.column("photo_file_id", sa.String()),
    sa.column("payload", sa.JSON()),
    sa.column("params", sa.JSON()),
)


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("params", sa.JSON(), nullable=True))
        batch_op.add_column(
            sa.Column("parts_sent", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.alter_column("kind", type_=sa.String(length=40), existing_nullable=False)
        batch_op.create_index("ix_outbox_ticket_id", ["ticket_id"], unique=False)
    _keep_pending()
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("text")
        batch_op.drop_column("reply_markup")
        batch_op.drop_column("photo_file_id")
        batch_op.drop_column("payload")


def _keep_pending() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(
            OLD.c.id, OLD.c.kind, OLD.c.text, OLD.c.reply_markup, OLD.c.photo_file_id,
            OLD.c.payload,
        ).where(OLD.c.status == "pending")
    ).all()  # fmt: skip
    for row in rows:
        params = {
            "as": row.kind,
            "text": row.text,
            "markup": row.reply_markup,
            "photo": row.photo_file_id,
            "location": row.payload,
        }
        bind.execute(sa.update(OLD).where(OLD.c.id == row.id).values(kind="legacy", params=params))
    bind.execute(sa.update(OLD).where(OLD.c.status != "pending").values(kind="legacy"))


def downgrade() -> None:
    """Revert this revision (pending events lose their parameters)."""
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("payload", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("photo_file_id", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("reply_markup", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("text", sa.Text(), server_default="", nullable=False))
        batch_op.drop_index("ix_outbox_ticket_id")
        batch_op.alter_column("kind", type_=sa.String(length=30), existing_nullable=False)
        batch_op.drop_column("parts_sent")
        batch_op.drop_column("params")
