"""Readers of the catalogue's fields: each checks its type and names the intent and field."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, cast


class CatalogueError(ValueError):
    """The catalogue file is missing, malformed, or an intent has an invalid field."""


def _mapping(value: object, owner: str, field: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise CatalogueError(f"{owner}: field {field!r} must be a mapping")
    return cast(dict[str, Any], value)


def _text(doc: Mapping[str, Any], owner: str, field: str) -> str:
    value = doc.get(field)
    if not isinstance(value, str) or not value.strip():
        raise CatalogueError(f"{owner}: field {field!r} must be a non-empty string")
    return value.strip()


def _number(doc: Mapping[str, Any], owner: str, field: str, default: float | None = None) -> float:
    value = doc.get(field, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise CatalogueError(f"{owner}: field {field!r} must be a non-negative number")
    return float(value)


def _integer(doc: Mapping[str, Any], owner: str, field: str, default: int | None = None) -> int:
    value = doc.get(field, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise CatalogueError(f"{owner}: field {field!r} must be a non-negative integer")
    return value


def _strings(value: object, owner: str, field: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise CatalogueError(f"{owner}: field {field!r} must be a list of strings")
    items = [str(v) if isinstance(v, int) and not isinstance(v, bool) else v for v in value]
    bad = [v for v in items if not isinstance(v, str) or not v.strip()]
    if bad:
        raise CatalogueError(f"{owner}: field {field!r} has invalid entries {bad!r}")
    return tuple(v.strip() for v in items)


def _texts(value: object, owner: str, field: str) -> Mapping[str, str]:
    doc = _mapping(value, owner, field)
    return MappingProxyType({k: _text(doc, owner, k) for k in doc})


def _flag(doc: Mapping[str, Any], owner: str, field: str) -> bool:
    if not isinstance(value := doc.get(field, False), bool):
        raise CatalogueError(f"{owner}: field {field!r} must be true or false")
    return value
