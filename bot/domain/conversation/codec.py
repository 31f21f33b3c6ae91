"""Conversation state to and from JSON. Reading never raises: a part that cannot be read
(an old or garbled row) is reset and named, the rest is kept."""

from __future__ import annotations

from typing import Any, TypeVar

from bot.domain.conversation.state import (
    MAX_ALBUMS,
    MAX_KEPT,
    MAX_MEDIA,
    MEDIA_KINDS,
    Album,
    BroadcastDraft,
    BroadcastStep,
    Conversation,
    Kept,
    KeptMedia,
    KeptMessages,
    KeptText,
    Media,
    OnBehalfDraft,
    OnBehalfStep,
    Registration,
    RegistrationStep,
    Report,
    Scope,
)

VERSION = 1
"""The JSON layout written by ``to_json``; anything else is reset when read."""

T = TypeVar("T")


def to_json(conversation: Conversation) -> dict[str, Any] | None:
    """The JSON to store; ``None`` for the empty conversation."""
    if conversation.empty:
        return None
    c = conversation
    data: dict[str, Any] = {"v": VERSION}
    if c.registration is not None:
        reg = c.registration
        data["registration"] = {"step": reg.step.value, "community": reg.community}
    if c.kept != KeptMessages():
        data["kept"] = {"items": [_kept_json(k) for k in c.kept.items], "dropped": c.kept.dropped}
    if c.report != Report():
        data["report"] = {"text": c.report.text, "media": [_media_json(m) for m in c.report.media]}
    if c.albums:
        data["albums"] = [{"group": a.group, "ticket": a.ticket_id} for a in c.albums]
    if c.broadcast is not None:
        b = c.broadcast
        data["broadcast"] = {
            "step": b.step.value,
            "scope": b.scope.value if b.scope is not None else None,
            "area": b.area_code,
            "building": b.building,
            "text": b.text,
            "photo": b.photo,
        }
    if c.on_behalf is not None:
        o = c.on_behalf
        fields = {k: v for k, v in o.__dict__.items() if v is not None}
        data["on_behalf"] = {**fields, "step": o.step.value}
    return data


def from_json(data: object) -> Conversation:
    """The conversation stored as ``data``; unreadable parts are reset."""
    return decode(data)[0]


def decode(data: object) -> tuple[Conversation, tuple[str, ...]]:
    """The conversation and the names of the parts that could not be read (and were reset)."""
    if data is None:
        return Conversation(), ()
    if not isinstance(data, dict) or data.get("v") != VERSION:
        return Conversation(), ("version",)
    parts: dict[str, Any] = {}
    bad: list[str] = []
    for name, read in _READERS.items():
        if data.get(name) is None:
            continue
        try:
            parts[name] = read(data[name])
        except (_Malformed, ValueError):  # ValueError: an unknown step or scope
            bad.append(name)
    return Conversation(**parts), tuple(bad)


class _Malformed(ValueError):
    """A stored value of the wrong shape."""


def _kept_json(item: Kept) -> dict[str, Any]:
    if isinstance(item, KeptText):
        return {"text": item.text}
    return {"media": _media_json(item.media), "caption": item.caption}


def _media_json(media: Media) -> dict[str, Any]:
    return {k: v for k, v in media.__dict__.items() if v is not None}


def _field(data: object, key: str, kind: type[T]) -> T | None:
    """``data[key]`` when it is a ``kind`` or missing/null; anything else is malformed."""
    if not isinstance(data, dict):
        raise _Malformed(key)
    value = data.get(key)
    if value is None:
        return None
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise _Malformed(key)
    return value


def _required(data: object, key: str, kind: type[T]) -> T:
    value = _field(data, key, kind)
    if value is None:
        raise _Malformed(key)
    return value


def _list(data: object, key: str) -> list[Any]:
    return _field(data, key, list) or []


def _media(data: object) -> Media:
    media = Media(
        kind=_required(data, "kind", str),
        file_id=_field(data, "file_id", str),
        file_unique_id=_field(data, "file_unique_id", str),
        latitude=_field(data, "latitude", float),
        longitude=_field(data, "longitude", float),
        media_group_id=_field(data, "media_group_id", str),
    )
    if media.kind not in MEDIA_KINDS or (media.file_id is None and media.latitude is None):
        raise _Malformed("media")
    return media


def _kept(data: object) -> Kept:
    text = _field(data, "text", str)
    if text is not None:
        return KeptText(text)
    return KeptMedia(_media(_required(data, "media", dict)), _field(data, "caption", str))


def _read_kept(data: object) -> KeptMessages:
    items = tuple(_kept(item) for item in _list(data, "items"))
    return KeptMessages(items[:MAX_KEPT], (_field(data, "dropped", int) or 0))


def _read_report(data: object) -> Report:
    media = tuple(_media(m) for m in _list(data, "media"))[:MAX_MEDIA]
    return Report(_field(data, "text", str), media)


def _read_albums(data: object) -> tuple[Album, ...]:
    if not isinstance(data, list):
        raise _Malformed("albums")
    albums = (Album(_required(a, "group", str), _field(a, "ticket", int)) for a in data)
    return tuple(albums)[-MAX_ALBUMS:]


def _read_registration(data: object) -> Registration:
    step = RegistrationStep(_required(data, "step", str))
    return Registration(step, _field(data, "community", str))


def _read_broadcast(data: object) -> BroadcastDraft:
    scope = _field(data, "scope", str)
    return BroadcastDraft(
        step=BroadcastStep(_required(data, "step", str)),
        scope=Scope(scope) if scope is not None else None,
        area_code=_field(data, "area", str),
        building=_field(data, "building", str),
        text=_field(data, "text", str),
        photo=_field(data, "photo", str),
    )


def _read_on_behalf(data: object) -> OnBehalfDraft:
    return OnBehalfDraft(
        step=OnBehalfStep(_required(data, "step", str)),
        household_id=_field(data, "household_id", int),
        grid_id=_field(data, "grid_id", int),
        address=_field(data, "address", str),
        name=_field(data, "name", str),
        phone=_field(data, "phone", str),
        category=_field(data, "category", str),
    )


_READERS: dict[str, Any] = {
    "registration": _read_registration,
    "kept": _read_kept,
    "report": _read_report,
    "albums": _read_albums,
    "broadcast": _read_broadcast,
    "on_behalf": _read_on_behalf,
}
