"""Text normalisation: traditional → simplified, full-width → half-width, noise removal, clauses."""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache
from typing import Protocol

import opencc

__all__ = ["MAX_CHARS", "normalize", "split_clauses"]

logger = logging.getLogger(__name__)

MAX_CHARS = 400
"""Longest normalised text the matcher looks at; residents' real messages are far shorter."""

_CLAUSE_PUNCT = frozenset(",.!?;:、。！？；：…\n\r\t|/~")
_CLAUSE_SEP = "，"
_SEPS = re.compile(r"(?: ?， ?)+")
_CJK_SPACE = re.compile(r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])")


class _Converter(Protocol):
    def convert(self, text: str) -> str: ...


@lru_cache(maxsize=1)
def _t2s() -> _Converter:
    """The OpenCC traditional → simplified converter, built once."""
    converter: _Converter = opencc.OpenCC("t2s")
    return converter


def is_cjk(ch: str) -> bool:
    """True for a CJK unified ideograph."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


_TO_SEPARATOR = str.maketrans({ch: _CLAUSE_SEP for ch in _CLAUSE_PUNCT})
_NOISE = re.compile(r"[^a-z0-9\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff，]+")


def normalize(text: str) -> str:
    """Return a lower-case, simplified, half-width, noise-free version of a resident's text."""
    text = text[: MAX_CHARS * 4]
    text = unicodedata.normalize("NFKC", text)
    text = _t2s().convert(text).lower().translate(_TO_SEPARATOR)
    text = _NOISE.sub(" ", text)
    text = _CJK_SPACE.sub(_CLAUSE_SEP, text)
    text = _SEPS.sub(_CLAUSE_SEP, text).strip(" " + _CLAUSE_SEP)
    return text[:MAX_CHARS]


def split_clauses(normalized: str) -> list[str]:
    """Split normalised text into clauses (the units that negation and emphasis apply to)."""
    return [c.strip() for c in normalized.split(_CLAUSE_SEP) if c.strip()]
