"""Builders of real Telegram ``Update`` JSON, as the Bot API would deliver it."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class TgUser:
    """A Telegram user taking part in a test."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str = "zh-hans"

    def as_json(self) -> dict[str, Any]:
        """The user as a Bot API ``User`` object."""
        data: dict[str, Any] = {
            "id": self.id,
            "is_bot": False,
            "first_name": self.first_name,
            "language_code": self.language_code,
        }
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        return data

    def private_chat(self) -> dict[str, Any]:
        """The private chat between this user and the bot."""
        return {"id": self.id, "type": "private", "first_name": self.first_name}


@dataclass
class UpdateFactory:
    """Makes updates with increasing update and message ids."""

    _update_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _file_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _query_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def _wrap(self, key: str, payload: dict[str, Any]) -> dict[str, Any]:
        return {"update_id": next(self._update_ids), key: payload}

    def message_json(
        self, user: TgUser, chat: dict[str, Any] | None = None, **content: Any
    ) -> dict[str, Any]:
        """A ``Message`` object from a user (private chat unless ``chat`` is given)."""
        return {
            "message_id": next(self._message_ids),
            "from": user.as_json(),
            "chat": chat or user.private_chat(),
            "date": int(time.time()),
            **content,
        }

    def text(self, user: TgUser, text: str, **extra: Any) -> dict[str, Any]:
        """A text message; a leading /command gets its ``bot_command`` entity."""
        content: dict[str, Any] = {"text": text, **extra}
        if text.startswith("/"):
            length = len(text.split()[0]) if text.split() else 1
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return self._wrap("message", self.message_json(user, **content))

    def photo(
        self,
        user: TgUser,
        caption: str | None = None,
        media_group_id: str | None = None,
    ) -> dict[str, Any]:
        """A photo message (three sizes), with optional caption and album id."""
        n = next(self._file_ids)
        sizes = [
            {
                "file_id": f"AgACAgUAA-{user.id}-{n}-{w}",
                "file_unique_id": f"AQAD{user.id}{n}{w}",
                "width": w,
                "height": w * 3 // 4,
                "file_size": w * 100,
            }
            for w in (90, 320, 1280)
        ]
        content: dict[str, Any] = {"photo": sizes}
        if caption:
            content["caption"] = caption
        if media_group_id:
            content["media_group_id"] = media_group_id
        return self._wrap("message", self.message_json(user, **content))

    def location(self, user: TgUser, latitude: float, longitude: float) -> dict[str, Any]:
        """A shared location."""
        loc = {"latitude": latitude, "longitude": longitude}
        return self._wrap("message", self.message_json(user, location=loc))

    def contact(self, user: TgUser, phone: str, owner_id: int | None = None) -> dict[str, Any]:
        """A shared contact; by default the sender's own (``user_id`` = sender)."""
        contact = {
            "phone_number": phone,
            "first_name": user.first_name,
            "user_id": user.id if owner_id is None else owner_id,
        }
        return self._wrap("message", self.message_json(user, contact=contact))

    def other(self, user: TgUser, **content: Any) -> dict[str, Any]:
        """A message with arbitrary content (sticker, voice, document, …)."""
        return self._wrap("message", self.message_json(user, **content))

    def sticker(self, user: TgUser) -> dict[str, Any]:
        """A sticker message."""
        n = next(self._file_ids)
        sticker = {
            "file_id": f"CAACAgIAA-{n}",
            "file_unique_id": f"AgAD{n}",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": "👍",
        }
        return self.other(user, sticker=sticker)

    def voice(self, user: TgUser, duration: int = 5) -> dict[str, Any]:
        """A voice note."""
        n = next(self._file_ids)
        voice = {"file_id": f"AwACAgUAA-{n}", "file_unique_id": f"AgADv{n}", "duration": duration}
        return self.other(user, voice=voice)

    def edited(self, user: TgUser, text: str, message_id: int = 1) -> dict[str, Any]:
        """An edited text message."""
        payload = self.message_json(user, text=text, edit_date=int(time.time()))
        payload["message_id"] = message_id
        return self._wrap("edited_message", payload)

    def callback(
        self, user: TgUser, data: str, message: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """A button press; ``message`` is the bot's message carrying the button."""
        query: dict[str, Any] = {
            "id": str(next(self._query_ids)),
            "from": user.as_json(),
            "chat_instance": f"ci-{user.id}",
            "data": data,
        }
        if message is not None:
            query["message"] = message
        return self._wrap("callback_query", query)
