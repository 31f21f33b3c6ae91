"""Reading the open API's inputs: the key, query filters and the POST body (form or JSON)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request

from bot.chat.handlers.parsing import clean
from bot.queries.open_requests import RequestFilter
from bot.services.errors import InvalidInput
from bot.services.open_requests import Submission

KEY_HEADER = "X-API-Key"
COMMON_QUERY = frozenset({"api_key", "jurisdiction_id"})
FILTERS = frozenset({"service_request_id", "service_code", "status", "start_date", "end_date"})
MAX_BODY = 65_536
STATUS_PATTERN = "^(open|closed)(,(open|closed))*$"
IDS_PATTERN = "^[0-9]{1,9}(,[0-9]{1,9})*$"
_STATUS = re.compile(STATUS_PATTERN)
_IDS = re.compile(IDS_PATTERN)
_ID = re.compile(r"^[0-9]{1,10}$")
_FRACTION = re.compile(r"(\.\d{6})\d+")


def api_key(request: Request) -> str:
    """The key from the ``X-API-Key`` header or the Open311 ``api_key`` parameter."""
    return request.headers.get(KEY_HEADER) or request.query_params.get("api_key") or ""


def request_id(text: str) -> int | None:
    """A request id from a path or list ("12"), or None when it cannot be one."""
    if not _ID.match(text):
        return None
    number = int(text)
    return number if 0 < number < 2**31 else None


def instant(name: str, text: str | None) -> datetime | None:
    """An RFC 3339 date-time (with its offset; ``Z`` for UTC) as an aware UTC datetime."""
    if text is None:
        return None
    cleaned = _FRACTION.sub(r"\1", text.strip().upper()).replace(":60", ":59")
    try:
        value = datetime.fromisoformat(cleaned)
    except ValueError as exc:
        raise InvalidInput(f"{name}: not an RFC 3339 date-time") from exc
    if value.tzinfo is None:
        raise InvalidInput(f"{name}: the date-time needs its offset (e.g. Z or +08:00)")
    try:
        return value.astimezone(UTC)
    except OverflowError as exc:  # 0001-01-01T00:00:00+01:00 is before year 1 in UTC
        raise InvalidInput(f"{name}: out of range") from exc


def request_filter(request: Request) -> RequestFilter:
    """The filters of GET requests.json."""
    query = request.query_params
    statuses = query.get("status")
    if statuses is not None and not _STATUS.match(statuses):
        raise InvalidInput("status: open, closed or open,closed")
    listed = query.get("service_request_id")
    if listed is not None and not _IDS.match(listed):
        raise InvalidInput("service_request_id: comma-separated request ids")
    ids = [int(part) for part in listed.split(",")] if listed else []
    codes = [c for c in clean(query.get("service_code") or "").split(",") if c]
    return RequestFilter(
        ids=ids,
        service_codes=codes,
        statuses=statuses.split(",") if statuses else (),
        start=instant("start_date", query.get("start_date")),
        end=instant("end_date", query.get("end_date")),
    )


async def submission(request: Request) -> Submission:
    """The POST body: ``application/x-www-form-urlencoded`` (Open311) or JSON."""
    body = await _body(request)
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    fields: dict[str, Any]
    if kind == "application/json":
        try:
            parsed = json.loads(body)
        except (ValueError, RecursionError) as exc:
            raise InvalidInput("body: not JSON") from exc
        if not isinstance(parsed, dict):
            raise InvalidInput("body: a JSON object")
        fields = parsed
    elif kind == "application/x-www-form-urlencoded":
        try:
            fields = dict(parse_qsl(body.decode(), keep_blank_values=True))
        except UnicodeDecodeError as exc:
            raise InvalidInput("body: not UTF-8") from exc
    else:
        raise InvalidInput("body: application/x-www-form-urlencoded or application/json")
    return Submission(
        service_code=_text(fields, "service_code", required=True) or "",
        description=_text(fields, "description", required=True) or "",
        grid=_text(fields, "grid"),
        lat=_number(fields, "lat", 90.0),
        long=_number(fields, "long", 180.0),
    )


async def _body(request: Request) -> bytes:
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise InvalidInput("body: too large")
        chunks.append(chunk)
    return b"".join(chunks)


def _text(fields: dict[str, Any], name: str, *, required: bool = False) -> str | None:
    if name not in fields:
        if required:
            raise InvalidInput(f"{name}: required")
        return None
    value = fields[name]
    if not isinstance(value, str):
        raise InvalidInput(f"{name}: a string")
    return clean(value)  # no NUL nor lone surrogate reaches the database


def _number(fields: dict[str, Any], name: str, bound: float) -> float | None:
    if name not in fields:
        return None
    value = fields[name]
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InvalidInput(f"{name}: a number")
    try:
        number = float(value)
    except ValueError as exc:
        raise InvalidInput(f"{name}: a number") from exc
    if not -bound <= number <= bound:
        raise InvalidInput(f"{name}: between {-bound:g} and {bound:g}")
    return number
