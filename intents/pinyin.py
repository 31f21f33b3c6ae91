"""Pinyin keys: every clause becomes a sequence of units (one per hanzi or pinyin syllable)."""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from intents.normalize import is_cjk

__all__ = [
    "Units",
    "char_key",
    "char_pinyin",
    "export_tables",
    "fuzzy_syllable",
    "install_tables",
    "phrase_keys",
    "segment_latin",
    "to_units",
]

logger = logging.getLogger(__name__)

_TOKEN = re.compile(r"[a-z]+|[0-9]+|[^a-z0-9 ]")
_MAX_SYLLABLE = 6
_NG_FINALS = (("ang", "an"), ("eng", "en"), ("ing", "in"))


@dataclass(frozen=True, slots=True)
class Units:
    """A clause as parallel lists: surface text, fuzzy pinyin key, char offset, hanzi flag."""

    surfaces: tuple[str, ...]
    keys: tuple[str, ...]
    offsets: tuple[int, ...]
    hanzi: tuple[bool, ...]


_TABLE: dict[str, str] = {}
"""Precomputed readings (from the start-up cache), so pypinyin need not be imported."""
_SYLLABLES: list[frozenset[str]] = []


def install_tables(table: dict[str, str], syllables: frozenset[str]) -> None:
    """Use precomputed readings and syllables (see export_tables)."""
    _TABLE.update(table)
    _SYLLABLES[:] = [syllables]


def export_tables() -> tuple[dict[str, str], frozenset[str]]:
    """Every hanzi's reading and every syllable, for the start-up cache (slow: ~1 s)."""
    from pypinyin.pinyin_dict import pinyin_dict

    table = {chr(code): char_pinyin(chr(code)) for code in pinyin_dict if is_cjk(chr(code))}
    return table, _syllables()


@lru_cache(maxsize=8192)
def char_pinyin(ch: str) -> str:
    """Toneless pinyin of one hanzi (its most common reading); the char itself otherwise."""
    known = _TABLE.get(ch)
    if known is not None:
        return known
    import pypinyin

    return str(pypinyin.lazy_pinyin(ch, style=pypinyin.Style.NORMAL)[0])


@lru_cache(maxsize=4096)
def fuzzy_syllable(syllable: str) -> str:
    """Fold sounds residents (and their input methods) confuse: zh/z, ch/c, sh/s, l/n, -ng/-n."""
    s = syllable
    if s[:2] in ("zh", "ch", "sh"):
        s = s[0] + s[2:]
    if s.startswith("l"):
        s = "n" + s[1:]
    for long, short in _NG_FINALS:
        if s.endswith(long):
            s = s[: -len(long)] + short
            break
    return s


@lru_cache(maxsize=16384)
def char_key(ch: str) -> str:
    """The fuzzy pinyin key of one hanzi."""
    return fuzzy_syllable(char_pinyin(ch))


@lru_cache(maxsize=1)
def _syllables() -> frozenset[str]:
    """All toneless pinyin syllables known to pypinyin."""
    if _SYLLABLES:
        return _SYLLABLES[0]
    from pypinyin.pinyin_dict import pinyin_dict

    found: set[str] = set()
    for readings in pinyin_dict.values():
        for reading in readings.split(","):
            plain = unicodedata.normalize("NFD", reading)
            plain = "".join(c for c in plain if not unicodedata.combining(c))
            found.add(plain.replace("ü", "v"))
    found.discard("")
    return frozenset(s for s in found if s.isascii() and s.isalpha())


@lru_cache(maxsize=4096)
def segment_latin(word: str) -> tuple[str, ...] | None:
    """Split a run of latin letters into pinyin syllables (fewest pieces), or None if impossible."""
    known = _syllables()
    n = len(word)
    best: list[tuple[str, ...] | None] = [None] * (n + 1)
    best[0] = ()
    for end in range(1, n + 1):
        for size in range(1, min(_MAX_SYLLABLE, end) + 1):
            head = best[end - size]
            piece = word[end - size : end]
            if head is None or piece not in known:
                continue
            candidate = (*head, piece)
            current = best[end]
            if current is None or len(candidate) < len(current):
                best[end] = candidate
    return best[n]


def to_units(clause: str) -> Units:
    """Turn a normalised clause into units: hanzi, pinyin syllables, digit runs, other words."""
    if all(map(is_cjk, clause)):
        n = len(clause)
        return Units(tuple(clause), tuple(map(char_key, clause)), tuple(range(n)), (True,) * n)
    surfaces: list[str] = []
    keys: list[str] = []
    offsets: list[int] = []
    hanzi: list[bool] = []
    for m in _TOKEN.finditer(clause):
        tok, start = m.group(), m.start()
        if len(tok) == 1 and is_cjk(tok):
            surfaces.append(tok)
            keys.append(char_key(tok))
            offsets.append(start)
            hanzi.append(True)
            continue
        pieces = segment_latin(tok) if tok.isalpha() else None
        if pieces is None:
            pieces = (tok,)
        for piece in pieces:
            surfaces.append(piece)
            keys.append(fuzzy_syllable(piece) if tok.isalpha() else piece)
            offsets.append(start)
            hanzi.append(False)
            start += len(piece)
    return Units(tuple(surfaces), tuple(keys), tuple(offsets), tuple(hanzi))


def phrase_keys(phrase: str) -> list[tuple[str, ...]]:
    """Pinyin key sequences for a catalogue phrase: per-char readings and in-context readings."""
    units = to_units(phrase)
    variants = [units.keys]
    if all(units.hanzi):
        import pypinyin

        contextual = pypinyin.lazy_pinyin(phrase, style=pypinyin.Style.NORMAL)
        if len(contextual) == len(units.keys):
            keyed = tuple(fuzzy_syllable(s) for s in contextual)
            if keyed != units.keys:
                variants.append(keyed)
    return variants
