"""conversation state per chat: chat_states replaces residents.state

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 10:00:00.000000

The old ``residents.state`` JSON (keys ``step``, ``community``, ``pending``, ``report``,
``albums``) is rewritten into the typed layout of ``bot.domain.conversation`` (version 1)
and stored per chat (a resident's private chat id is their Telegram id). What cannot be
read is left out, as the bot itself would reset it. The conversion is written out here,
not imported, so this revision keeps working whatever the bot's code becomes.

Downgrading writes registration, kept messages, report and albums back into
``residents.state``; a /broadcast draft in progress has no place there and is dropped.
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STEPS = ("community", "grid", "address", "phone")
MEDIA_KEYS = ("kind", "file_id", "file_unique_id", "latitude", "longitude", "media_group_id")

residents = sa.table(
    "residents", sa.column("telegram_id", sa.BigInteger()), sa.column("state", sa.JSON())
)
chat_states = sa.table(
    "chat_states",
    sa.column("chat_id", sa.BigInteger()),
    sa.column("state", sa.JSON()),
    sa.column("version", sa.Integer()),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)


def _get(data: dict[str, Any], key: str, kind: type[Any]) -> Any:
    """``data[key]`` if it is a ``kind``, else an empty ``kind``."""
    value = data.get(key)
    return value if isinstance(value, kind) else kind()


def _media(old: Any) -> dict[str, Any] | None:
    if not isinstance(old, dict) or old.get("kind") not in ("photo", "location"):
        return None
    media = {k: old[k] for k in MEDIA_KEYS if old.get(k) is not None}
    return media if "file_id" in media or "latitude" in media else None


def _kept(old: Any) -> dict[str, Any] | None:
    if isinstance(old, str):
        return {"text": old}
    media = _media(old)
    if media is None:
        return None
    caption = old.get("caption")
    return {"media": media, "caption": caption if isinstance(caption, str) else None}


def _new_state(old: Any) -> dict[str, Any] | None:
    """Version 1 of the typed conversation from an old ``residents.state``."""
    if not isinstance(old, dict):
        return None
    new: dict[str, Any] = {}
    community = old.get("community")
    if old.get("step") in STEPS:
        community = community if isinstance(community, str) else None
        new["registration"] = {"step": old["step"], "community": community}
    kept = [k for k in map(_kept, _get(old, "pending", list)) if k]
    if kept:
        new["kept"] = {"items": kept[:30], "dropped": max(0, len(kept) - 30)}
    report = _get(old, "report", dict)
    text = _get(report, "text", str) or None
    media = [m for m in map(_media, _get(report, "media", list)) if m]
    if text or media:
        new["report"] = {"text": text, "media": media}
    tracked = [
        {"group": str(group), "ticket": fate if isinstance(fate, int) else None}
        for group, fate in _get(old, "albums", dict).items()
        if isinstance(fate, int) or fate == "pending"
    ]
    if tracked:
        new["albums"] = tracked[-5:]
    return {"v": 1, **new} if new else None


def _old_state(new: Any) -> dict[str, Any] | None:
    """``residents.state`` from version 1 of the typed conversation (the broadcast is lost)."""
    if not isinstance(new, dict):
        return None
    old: dict[str, Any] = {}
    registration = new.get("registration") or {}
    if registration.get("step"):
        old["step"] = registration["step"]
        if registration.get("community"):
            old["community"] = registration["community"]
    items = (new.get("kept") or {}).get("items") or []
    pending = [i["text"] if "text" in i else {**i["media"], "caption": i.get("caption")}
               for i in items]  # fmt: skip
    if pending:
        old["pending"] = pending
    if new.get("report"):
        old["report"] = {k: v for k, v in new["report"].items() if v}
    albums = new.get("albums") or []
    if albums:
        old["albums"] = {a["group"]: a["ticket"] or "pending" for a in albums}
    return old or None


def _now() -> datetime:
    now = datetime.now(UTC)
    return now.replace(tzinfo=None) if op.get_bind().dialect.name == "sqlite" else now


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "chat_states",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("chat_id", name=op.f("pk_chat_states")),
    )
    bind = op.get_bind()
    old = bind.execute(sa.select(residents).where(residents.c.state.is_not(None))).all()
    now = _now()
    rows = [
        {"chat_id": telegram_id, "state": state, "version": 1, "updated_at": now}
        for telegram_id, state in ((r.telegram_id, _new_state(r.state)) for r in old)
        if state is not None
    ]
    if rows:
        op.bulk_insert(chat_states, rows)
    with op.batch_alter_table("residents", schema=None) as batch_op:
        batch_op.drop_column("state")


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("residents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("state", sa.JSON(), nullable=True))
    bind = op.get_bind()
    for row in bind.execute(sa.select(chat_states.c.chat_id, chat_states.c.state)).all():
        state = _old_state(row.state)
        if state is not None:
            bind.execute(
                residents.update().where(residents.c.telegram_id == row.chat_id).values(state=state)
            )
    op.drop_table("chat_states")
