"""An offline, in-process double of the Telegram Bot API for tests.

``FakeBotAPI`` is a ``telegram.request.BaseRequest``: give it to the ``ApplicationBuilder``
and every Bot API call lands here instead of the network. It answers with realistic JSON,
records every call, and can be told to fail calls (429 with ``retry_after``, 403 blocked,
400 bad request, 5xx, time-outs).
"""

from __future__ import annotations

import asyncio
import html
import itertools
import json
import re
import struct
import time
import zlib
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from telegram.error import TimedOut
from telegram.request import BaseRequest, RequestData

BOT_ID = 7000000001
BOT_USERNAME = "gridbot_test_bot"
_TAG = re.compile(r"<[^>]+>")


_ENTITY = re.compile(r"&(lt|gt|amp|quot|#[0-9]+|#x[0-9a-fA-F]+);")
_HTML_TAG = re.compile(
    r"<(/?)(b|strong|i|em|u|ins|s|strike|del|a|code|pre|tg-spoiler|span|blockquote|tg-emoji)"
    r"(\s[^<>]*)?>"
)
MAX_TEXT = 4096
MAX_CAPTION = 1024


class ApiError(Exception):
    """Telegram would answer 400 Bad Request with this description."""


def check_html(text: str) -> None:
    """Reject text Telegram's HTML parser would reject: unknown tags, bare < or &, unbalanced."""
    stack: list[str] = []
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char == "&":
            match = _ENTITY.match(text, pos)
            if not match:
                raise ApiError(f"Bad Request: can't parse entities: bare '&' at byte offset {pos}")
            pos = match.end()
        elif char == "<":
            match = _HTML_TAG.match(text, pos)
            if not match:
                raise ApiError(f"Bad Request: can't parse entities: unsupported start tag at {pos}")
            closing, name = match.group(1), match.group(2)
            if not closing:
                stack.append(name)
            elif not stack or stack.pop() != name:
                raise ApiError(f"Bad Request: can't parse entities: can't find end tag {name}")
            pos = match.end()
        else:
            pos += 1
    if stack:
        raise ApiError(f"Bad Request: can't parse entities: unclosed tag {stack[-1]}")


def _rendered_text(params: dict[str, Any], key: str) -> str:
    """Validate a text or caption as Telegram does and return what the reader sees."""
    text = str(params.get(key) or "")
    if params.get("parse_mode") == "HTML":
        check_html(text)
        text = html.unescape(_TAG.sub("", text))
    if key == "text" and not text.strip():
        raise ApiError("Bad Request: message text is empty")
    limit = MAX_TEXT if key == "text" else MAX_CAPTION
    if len(text) > limit:
        raise ApiError(f"Bad Request: {key} is too long")
    return text


def _uploads(request_data: RequestData | None) -> dict[str, bytes]:
    """The bytes of every uploaded file of a multipart request."""
    if request_data is None or not request_data.contains_files:
        return {}
    found: dict[str, bytes] = {}
    for name, (_, content, _) in request_data.multipart_data.items():
        found[name] = content if isinstance(content, bytes) else content.read()
    return found


def sample_png(width: int = 96, height: int = 64) -> bytes:
    """A small real PNG (a blue gradient): what a downloaded photo looks like here."""
    rows = b"".join(
        b"\x00" + b"".join(bytes((40 + x, 90 + y, 200)) for x in range(width))
        for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@dataclass
class Call:
    """One Bot API call as the bot made it."""

    method: str
    params: dict[str, Any]
    ok: bool = True
    result: Any = None
    files: dict[str, bytes] = field(default_factory=dict)
    """Uploaded files (multipart parts) by parameter name: a photo sent as bytes."""

    @property
    def chat_id(self) -> int | None:
        """The target chat, if the call has one."""
        value = self.params.get("chat_id")
        return int(value) if value is not None else None

    @property
    def text(self) -> str:
        """The text or caption sent (HTML as given), or ''."""
        return str(self.params.get("text") or self.params.get("caption") or "")

    @property
    def plain_text(self) -> str:
        """The text without HTML tags, unescaped: what the person reads."""
        return html.unescape(_TAG.sub("", self.text))

    @property
    def markup(self) -> dict[str, Any]:
        """The reply_markup as a dict ({} if none)."""
        value = self.params.get("reply_markup") or {}
        return json.loads(value) if isinstance(value, str) else dict(value)

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """Every button of the inline or reply keyboard, row by row."""
        rows = self.markup.get("inline_keyboard") or self.markup.get("keyboard") or []
        return [b if isinstance(b, dict) else {"text": b} for row in rows for b in row]

    @property
    def button_texts(self) -> list[str]:
        """The labels of every button."""
        return [b["text"] for b in self.buttons]


@dataclass
class Failure:
    """A planned failure for matching calls."""

    status: int
    description: str
    retry_after: int | None = None
    timeout: bool = False
    chat_id: int | None = None
    times: int | None = 1  # None: for ever

    def matches(self, params: dict[str, Any]) -> bool:
        """Whether this failure applies to a call with these parameters."""
        return self.chat_id is None or str(params.get("chat_id")) == str(self.chat_id)


@dataclass
class FakeBotAPI(BaseRequest):
    """The Bot API, offline. ``calls`` holds every request in order."""

    calls: list[Call] = field(default_factory=list)
    clock: Callable[[], float] = time.time
    _failures: dict[str, deque[Failure]] = field(default_factory=dict)
    _message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(10_000))
    _file_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _blocked: set[int] = field(default_factory=set)
    messages: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)
    """The bot's messages as the user now sees them (edits applied), by (chat, message id)."""
    flood_limit: int | None = None
    """If set: a sendMessage beyond this many within one second (by ``clock``) gets 429."""
    flood_retry_after: int = 1
    floods: list[float] = field(default_factory=list)
    """When (by ``clock``) each flood-limit 429 was answered."""
    _recent_sends: deque[float] = field(default_factory=deque)
    _stalls: dict[str, int] = field(default_factory=dict)

    # --- BaseRequest ---------------------------------------------------------------------
    @property
    def read_timeout(self) -> float | None:
        """No real socket, so no read time-out."""
        return None

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        """Answer one Bot API call as Telegram would."""
        if "/file/bot" in url:  # a file download (getFile's file_path): a small picture
            self.calls.append(Call("downloadFile", {"path": url.rsplit("/", 1)[-1]}))
            return 200, sample_png()
        api_method = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        call = Call(api_method, params, files=_uploads(request_data))
        self.calls.append(call)
        if api_method in self._stalls:
            await self._stall(api_method, call)
        if api_method == "sendMessage" and self._flooded():
            call.ok = False
            retry = self.flood_retry_after
            desc = f"Too Many Requests: retry after {retry}"
            return 429, self._error_body(Failure(429, desc, retry_after=retry))
        failure = self._take_failure(api_method, params)
        if failure is not None:
            call.ok = False
            if failure.timeout:
                raise TimedOut("fake time-out")
            return failure.status, self._error_body(failure)
        answer = getattr(self, f"_api_{api_method}", None)
        try:
            if answer is None:
                raise ApiError(f"Not Found: method {api_method} is not in FakeBotAPI")
            call.result = answer(params)
        except ApiError as exc:
            call.ok = False
            return 400, self._error_body(Failure(400, str(exc)))
        return 200, json.dumps({"ok": True, "result": call.result}).encode()

    # --- failure injection ---------------------------------------------------------------
    def fail(self, method: str, failure: Failure) -> None:
        """Make the next matching call(s) of ``method`` (or ``*``) fail this way."""
        self._failures.setdefault(method, deque()).append(failure)

    def fail_rate_limit(self, method: str = "*", retry_after: int = 1, times: int = 1) -> None:
        """HTTP 429 Too Many Requests with ``retry_after``."""
        desc = f"Too Many Requests: retry after {retry_after}"
        self.fail(method, Failure(429, desc, retry_after=retry_after, times=times))

    def fail_server_error(self, method: str = "*", status: int = 502, times: int = 1) -> None:
        """HTTP 5xx."""
        self.fail(method, Failure(status, "Bad Gateway", times=times))

    def fail_timeout(self, method: str = "*", times: int = 1) -> None:
        """The request times out."""
        self.fail(method, Failure(0, "timeout", timeout=True, times=times))

    def fail_bad_request(
        self, method: str = "*", description: str = "Bad Request: chat not found", times: int = 1
    ) -> None:
        """HTTP 400 with a description."""
        self.fail(method, Failure(400, description, times=times))

    def stall(self, method: str, after: int = 0) -> None:
        """Answer ``after`` more calls of ``method``, then never answer (a hung connection)."""
        self._stalls[method] = after

    def unstall(self) -> None:
        """Forget planned stalls (calls already hanging keep hanging)."""
        self._stalls.clear()

    async def _stall(self, method: str, call: Call) -> None:
        if self._stalls[method] > 0:
            self._stalls[method] -= 1
            return
        call.ok = False
        await asyncio.Event().wait()

    def _flooded(self) -> bool:
        """Whether one more sendMessage now would exceed ``flood_limit`` per second."""
        if self.flood_limit is None:
            return False
        now, window = self.clock(), self._recent_sends
        while window and window[0] <= now - 1.0:
            window.popleft()
        if len(window) >= self.flood_limit:
            self.floods.append(now)
            return True
        window.append(now)
        return False

    def block(self, chat_id: int) -> None:
        """The user blocked the bot: every send to this chat gets 403 from now on."""
        self._blocked.add(chat_id)

    def _take_failure(self, method: str, params: dict[str, Any]) -> Failure | None:
        chat = params.get("chat_id")
        if chat is not None and int(chat) in self._blocked:
            return Failure(403, "Forbidden: bot was blocked by the user", times=None)
        for key in (method, "*"):
            queue = self._failures.get(key)
            if not queue:
                continue
            for failure in list(queue):
                if failure.matches(params):
                    if failure.times is not None:
                        failure.times -= 1
                        if failure.times <= 0:
                            queue.remove(failure)
                    return failure
        return None

    @staticmethod
    def _error_body(failure: Failure) -> bytes:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": failure.status,
            "description": failure.description,
        }
        if failure.retry_after is not None:
            body["parameters"] = {"retry_after": failure.retry_after}
        return json.dumps(body).encode()

    # --- queries for tests ---------------------------------------------------------------
    def sent(self, chat_id: int | None = None, method: str | None = None) -> list[Call]:
        """Successful message-producing calls, optionally to one chat or of one method."""
        producing = {"sendMessage", "sendPhoto", "sendDocument", "sendLocation", "editMessageText"}
        return [
            c
            for c in self.calls
            if c.ok
            and (c.method == method if method else c.method in producing)
            and (chat_id is None or c.chat_id == chat_id)
        ]

    def last(self, chat_id: int) -> Call:
        """The last message sent or edited in a chat (AssertionError if none)."""
        sent = self.sent(chat_id)
        assert sent, f"nothing was sent to chat {chat_id}"
        return sent[-1]

    def clear(self) -> None:
        """Forget recorded calls (not planned failures)."""
        self.calls.clear()

    # --- answers -------------------------------------------------------------------------
    def _bot_user(self) -> dict[str, Any]:
        return {"id": BOT_ID, "is_bot": True, "first_name": "网格通", "username": BOT_USERNAME}

    def _message(self, params: dict[str, Any], **content: Any) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "from": self._bot_user(),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
            "date": int(self.clock()),
            **content,
        }
        if params.get("reply_markup"):
            markup = params["reply_markup"]
            markup = json.loads(markup) if isinstance(markup, str) else markup
            if "inline_keyboard" in markup:
                message["reply_markup"] = markup
        self.messages[(chat_id, message["message_id"])] = message
        return message

    def _edited(self, params: dict[str, Any], **changes: Any) -> dict[str, Any]:
        key = (int(params["chat_id"]), int(params["message_id"]))
        if key not in self.messages:
            raise ApiError("Bad Request: message to edit not found")
        message = {**self.messages[key], **changes, "edit_date": int(self.clock())}
        markup = params.get("reply_markup")
        markup = json.loads(markup) if isinstance(markup, str) else markup
        if markup and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        else:
            message.pop("reply_markup", None)
        self.messages[key] = message
        return message

    def keyboards(self, chat_id: int) -> list[dict[str, Any]]:
        """The bot's messages in a chat that still show inline buttons, newest first."""
        found = [m for (chat, _), m in self.messages.items() if chat == chat_id]
        return [m for m in reversed(found) if m.get("reply_markup")]

    def _photo_sizes(self) -> list[dict[str, Any]]:
        n = next(self._file_ids)
        return [
            {"file_id": f"AgAD-bot-{n}-{w}", "file_unique_id": f"u{n}{w}", "width": w, "height": w}
            for w in (90, 320, 1280)
        ]

    def _api_getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            **self._bot_user(),
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def _api_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._message(params, text=_rendered_text(params, "text"))

    def _api_editMessageText(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        text = _rendered_text(params, "text")
        if "inline_message_id" in params:
            return True
        return self._edited(params, text=text)

    def _api_editMessageReplyMarkup(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        if "inline_message_id" in params:
            return True
        return self._edited(params)

    def _api_sendPhoto(self, params: dict[str, Any]) -> dict[str, Any]:
        extra = {"caption": _rendered_text(params, "caption")} if params.get("caption") else {}
        return self._message(params, photo=self._photo_sizes(), **extra)

    def _api_sendDocument(self, params: dict[str, Any]) -> dict[str, Any]:
        n = next(self._file_ids)
        doc = {"file_id": f"BQAD-bot-{n}", "file_unique_id": f"d{n}", "file_name": "file"}
        return self._message(params, document=doc)

    def _api_sendLocation(self, params: dict[str, Any]) -> dict[str, Any]:
        loc = {"latitude": float(params["latitude"]), "longitude": float(params["longitude"])}
        return self._message(params, location=loc)

    def _api_getFile(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = str(params["file_id"])
        return {
            "file_id": file_id,
            "file_unique_id": f"u-{file_id[-8:]}",
            "file_size": 12345,
            "file_path": f"photos/{file_id}.jpg",
        }

    def _api_answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        return True

    def _api_setMyCommands(self, params: dict[str, Any]) -> bool:
        return True

    def _api_deleteMessage(self, params: dict[str, Any]) -> bool:
        return True

    def _api_sendChatAction(self, params: dict[str, Any]) -> bool:
        return True

    def _api_setWebhook(self, params: dict[str, Any]) -> bool:
        return True

    def _api_deleteWebhook(self, params: dict[str, Any]) -> bool:
        return True

    def _api_getUpdates(self, params: dict[str, Any]) -> list[Any]:
        return []
