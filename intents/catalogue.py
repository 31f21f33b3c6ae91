"""The intent catalogue: a validated, read-only view of ``catalogue.yaml``."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, cast

import yaml

from intents.fields import (
    CatalogueError,
    _flag,
    _integer,
    _mapping,
    _number,
    _strings,
    _text,
    _texts,
)

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML was built with it (10× faster start-up), else the pure one."""

__all__ = [
    "DEFAULT_PATH",
    "Catalogue",
    "CatalogueError",
    "Cues",
    "Intent",
    "Scoring",
    "load_catalogue",
]

logger = logging.getLogger(__name__)

DEFAULT_PATH = Path(__file__).with_name("catalogue.yaml")
KINDS = ("report", "info")
TIERS = ("strong", "medium", "weak")


@dataclass(frozen=True, slots=True)
class Intent:
    """One kind of problem a resident can bring, with its deadlines and reply texts."""

    key: str
    name: str
    kind: Literal["report", "info"]
    priority: int
    respond_within_hours: float
    resolve_within_hours: float
    emergency_priority: int
    emergency_respond_within_hours: float
    emergency_resolve_within_hours: float
    replies: Mapping[str, str]
    emergency_reply: str | None
    keywords: Mapping[str, tuple[str, ...]]
    emergency_phrases: tuple[str, ...]
    examples: tuple[str, ...]
    hours: Literal["working", "clock"] = "clock"  # 工作时 or clock hours (emergencies: clock)
    verify: bool = False  # 核查 before 结案 (a worker's photo, a check by someone else)
    shared: bool = False
    """A problem neighbours share (我也遇到 is offered before a new ticket opens)."""


@dataclass(frozen=True, slots=True)
class Scoring:
    """Thresholds and weights that turn phrase hits into a calibrated confidence."""

    act: float
    confirm: float
    min_score: float
    strength_k: float
    share_power: float
    alternative_ratio: float
    max_alternatives: int
    weights: Mapping[str, float]
    sound_alike: float
    fuzzy: float
    fuzzy_cutoff: float
    emergency_bonus: float
    repeat_factor: float
    similarity_weight: float = 0.0
    similarity_evidence: float = 18.0
    similarity_margin: float = 4.0
    similarity_tiebreak: float = 0.0


@dataclass(frozen=True, slots=True)
class Cues:
    """Little words that change what a phrase means: negation, hypotheticals, emphasis."""

    negation: tuple[str, ...]
    negation_after: tuple[str, ...]
    negation_end: tuple[str, ...]
    not_negation: tuple[str, ...]
    hypothetical: tuple[str, ...]
    primary: tuple[str, ...]
    secondary: tuple[str, ...]
    primary_factor: float
    secondary_factor: float
    later_factor: float


@dataclass(frozen=True, slots=True)
class Catalogue:
    """All intents in catalogue order, plus the matcher's scoring settings and shared replies."""

    intents: tuple[Intent, ...]
    scoring: Scoring
    cues: Cues
    replies: Mapping[str, str]
    neutral: tuple[str, ...] = ()

    def get(self, key: str) -> Intent:
        """Return the intent with this key (KeyError if unknown)."""
        for intent in self.intents:
            if intent.key == key:
                return intent
        raise KeyError(key)

    @property
    def keys(self) -> tuple[str, ...]:
        """Intent keys in catalogue order."""
        return tuple(i.key for i in self.intents)


def load_catalogue(path: Path | None = None) -> Catalogue:
    """Read and validate a catalogue yaml (default: the one shipped with this package)."""
    path = path or DEFAULT_PATH
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogueError(f"cannot read catalogue {path}: {exc}") from exc
    doc = _mapping(raw, "catalogue", "(top level)")
    intents_raw = doc.get("intents")
    if not isinstance(intents_raw, list) or not intents_raw:
        raise CatalogueError("catalogue: field 'intents' must be a non-empty list")
    intents = tuple(_intent(item, n) for n, item in enumerate(intents_raw))
    keys = [i.key for i in intents]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise CatalogueError(f"catalogue: duplicate intent keys {duplicates}")
    catalogue = Catalogue(
        intents=intents,
        scoring=_scoring(_mapping(doc.get("scoring"), "catalogue", "scoring")),
        cues=_cues(_mapping(doc.get("cues"), "catalogue", "cues")),
        replies=_texts(doc.get("replies"), "catalogue", "replies"),
        neutral=_strings(doc.get("neutral"), "catalogue", "neutral"),
    )
    logger.debug("loaded %d intents from %s", len(intents), path)
    return catalogue


def _intent(item: object, n: int) -> Intent:
    doc = _mapping(item, f"intent #{n + 1}", "(entry)")
    key = doc.get("key")
    if not isinstance(key, str) or not key.isidentifier():
        raise CatalogueError(f"intent #{n + 1}: field 'key' must be an identifier-like string")
    owner = f"intent {key!r}"
    kind = doc.get("kind")
    if kind not in KINDS:
        raise CatalogueError(f"{owner}: field 'kind' must be one of {KINDS}, got {kind!r}")
    keywords = _keywords(doc.get("keywords"), owner)
    emergency = _strings(doc.get("emergency_phrases"), owner, "emergency_phrases")
    replies = _texts(doc.get("replies"), owner, "replies")
    required = ("answer",) if kind == "info" else ("received",)
    for name in required:
        if name not in replies:
            raise CatalogueError(f"{owner}: field 'replies' needs a {name!r} text")
    priority = _integer(doc, owner, "priority")
    respond = _number(doc, owner, "respond_within_hours")
    resolve = _number(doc, owner, "resolve_within_hours")
    if resolve < respond:
        raise CatalogueError(f"{owner}: field 'resolve_within_hours' is before respond time")
    hours = doc.get("hours", "clock")
    if hours not in ("working", "clock"):
        raise CatalogueError(f"{owner}: field 'hours' must be 'working' or 'clock'")
    emergency_reply = doc.get("emergency_reply")
    if emergency and not isinstance(emergency_reply, str):
        raise CatalogueError(f"{owner}: field 'emergency_reply' is required with emergency_phrases")
    if emergency_reply is not None and not isinstance(emergency_reply, str):
        raise CatalogueError(f"{owner}: field 'emergency_reply' must be a string")
    return Intent(
        key=key,
        name=_text(doc, owner, "name"),
        kind=cast(Literal["report", "info"], kind),
        priority=priority,
        respond_within_hours=respond,
        resolve_within_hours=resolve,
        emergency_priority=_integer(doc, owner, "emergency_priority", priority),
        emergency_respond_within_hours=_number(
            doc, owner, "emergency_respond_within_hours", respond
        ),
        emergency_resolve_within_hours=_number(
            doc, owner, "emergency_resolve_within_hours", resolve
        ),
        replies=replies,
        emergency_reply=emergency_reply.strip() if emergency_reply else None,
        keywords=keywords,
        emergency_phrases=emergency,
        examples=_strings(doc.get("examples"), owner, "examples"),
        hours=hours,
        verify=_flag(doc, owner, "verify"),
        shared=_flag(doc, owner, "shared"),
    )


def _keywords(value: object, owner: str) -> Mapping[str, tuple[str, ...]]:
    doc = _mapping(value, owner, "keywords")
    unknown = set(doc) - set(TIERS)
    if unknown:
        raise CatalogueError(f"{owner}: field 'keywords' has unknown tiers {sorted(unknown)}")
    tiers = {t: _strings(doc.get(t), owner, f"keywords.{t}") for t in TIERS}
    if not any(tiers.values()):
        raise CatalogueError(f"{owner}: field 'keywords' must list at least one phrase")
    return MappingProxyType(tiers)


def _scoring(doc: Mapping[str, Any]) -> Scoring:
    owner = "catalogue scoring"
    weights = _mapping(doc.get("weights"), owner, "weights")
    for tier in TIERS:
        _number(weights, owner, f"{tier}")
    act, confirm = _number(doc, owner, "act"), _number(doc, owner, "confirm")
    if not 0 < confirm <= act <= 1:
        raise CatalogueError(f"{owner}: fields 'confirm' <= 'act' must lie in (0, 1]")
    return Scoring(
        act=act,
        confirm=confirm,
        min_score=_number(doc, owner, "min_score"),
        strength_k=_number(doc, owner, "strength_k"),
        share_power=_number(doc, owner, "share_power"),
        alternative_ratio=_number(doc, owner, "alternative_ratio"),
        max_alternatives=_integer(doc, owner, "max_alternatives"),
        weights=MappingProxyType({t: float(weights[t]) for t in TIERS}),
        sound_alike=_number(doc, owner, "sound_alike"),
        fuzzy=_number(doc, owner, "fuzzy"),
        fuzzy_cutoff=_number(doc, owner, "fuzzy_cutoff"),
        emergency_bonus=_number(doc, owner, "emergency_bonus"),
        repeat_factor=_number(doc, owner, "repeat_factor", 1.0),
        similarity_weight=_number(doc, owner, "similarity_weight", 0.0),
        similarity_evidence=_number(doc, owner, "similarity_evidence", 18.0),
        similarity_margin=_number(doc, owner, "similarity_margin", 4.0),
        similarity_tiebreak=_number(doc, owner, "similarity_tiebreak", 0.0),
    )


def _cues(doc: Mapping[str, Any]) -> Cues:
    owner = "catalogue cues"
    return Cues(
        negation=_strings(doc.get("negation"), owner, "negation"),
        negation_after=_strings(doc.get("negation_after"), owner, "negation_after"),
        negation_end=_strings(doc.get("negation_end"), owner, "negation_end"),
        not_negation=_strings(doc.get("not_negation"), owner, "not_negation"),
        hypothetical=_strings(doc.get("hypothetical"), owner, "hypothetical"),
        primary=_strings(doc.get("primary"), owner, "primary"),
        secondary=_strings(doc.get("secondary"), owner, "secondary"),
        primary_factor=_number(doc, owner, "primary_factor"),
        secondary_factor=_number(doc, owner, "secondary_factor"),
        later_factor=_number(doc, owner, "later_factor", 1.0),
    )
