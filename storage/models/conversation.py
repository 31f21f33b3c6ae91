"""Conversation state per chat: one row while a chat is in the middle of something."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Integer
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.types import UTCDateTime, utcnow


class ChatState(Base):
    """A chat's conversation (registration, kept messages, report, albums, broadcast draft).

    ``state`` is the JSON of ``bot.domain.conversation``; ``version`` grows with every write
    so that two processes changing the same chat at once cannot overwrite each other.
    No row means nothing is going on in the chat.
    """

    __tablename__ = "chat_states"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    state: Mapped[dict[str, Any]] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
