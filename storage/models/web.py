"""The web console's sign-in links and sessions (only hashes of their tokens are stored)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.types import UTCDateTime, utcnow


class WebSignIn(Base):
    """A single-use sign-in link sent by ``/web``: valid a few minutes, used once."""

    __tablename__ = "web_sign_ins"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_web_sign_ins_expires_at", "expires_at"),)


class WebSession(Base):
    """A signed-in browser: the cookie's hash, whose it is, its CSRF token, its end."""

    __tablename__ = "web_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        Index("ix_web_sessions_expires_at", "expires_at"),
        Index("ix_web_sessions_telegram_id", "telegram_id"),
    )
