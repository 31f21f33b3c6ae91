"""One clause of a message: its units, word boundaries, negation scopes, emphasis and mood."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from intents.catalogue import Cues
from intents.lexicon import Lexicon
from intents.pinyin import Units, to_units

__all__ = ["Clause", "analyse_clause"]

_AFTER_WINDOW = 10
_SECONDARY_PREFIX = 4
_RHETORICAL_ENDINGS = ("吗", "嘛", "么")


@dataclass(slots=True)
class Clause:
    """A clause ready for phrase matching; spans are in units, scopes in characters."""

    text: str
    units: Units
    lexicon: Lexicon
    factor: float
    hypothetical: bool
    scopes: tuple[tuple[int, int], ...]
    after_cues: tuple[int, ...]
    _boundaries: frozenset[int] | None = None

    @property
    def boundaries(self) -> frozenset[int]:
        """Word boundaries (character offsets), segmented on first use."""
        if self._boundaries is None:
            self._boundaries = self.lexicon.boundaries(self.text)
        return self._boundaries

    def char_span(self, start: int, end: int) -> tuple[int, int]:
        """Character offsets of the units start..end (end exclusive)."""
        units = self.units
        return units.offsets[start], units.offsets[end - 1] + len(units.surfaces[end - 1])

    def negated(self, start: int, end: int) -> bool:
        """True when units start..end sit in a negation scope or are followed by 'no problem'."""
        lo, hi = self.char_span(start, end)
        if any(a <= lo < b for a, b in self.scopes):
            return True
        return any(hi <= pos <= hi + _AFTER_WINDOW for pos in self.after_cues)


@lru_cache(maxsize=64)
def _pattern(needles: tuple[str, ...]) -> re.Pattern[str]:
    """One regex matching any of the needles, at every position (overlaps included)."""
    if not needles:
        return re.compile(r"(?!)")
    ordered = sorted(set(needles), key=len, reverse=True)
    return re.compile("(?=(" + "|".join(map(re.escape, ordered)) + "))")


def _find_all(text: str, needles: tuple[str, ...]) -> list[tuple[int, int]]:
    """All (start, end) occurrences of any needle in text (longest needle at each position)."""
    return [(m.start(), m.start() + len(m.group(1))) for m in _pattern(needles).finditer(text)]


def _contains(text: str, needles: tuple[str, ...]) -> bool:
    return _pattern(needles).search(text) is not None


def _scopes(text: str, cues: Cues) -> tuple[tuple[int, int], ...]:
    """Character ranges negated by 不是/并非 ... up to 而是/是 or the clause's end."""
    if text.endswith(_RHETORICAL_ENDINGS):
        return ()
    masked = _find_all(text, cues.not_negation)
    scopes = []
    for start, end in _find_all(text, cues.negation):
        if any(a <= start < b for a, b in masked):
            continue
        stops = [s for s, _ in _find_all(text[end:], cues.negation_end)]
        scopes.append((end, end + min(stops) if stops else len(text)))
    return tuple(scopes)


def _factor(text: str, cues: Cues) -> float:
    """Emphasis: 主要是 … counts more, 顺便/另外 … counts less."""
    if _contains(text, cues.primary):
        return cues.primary_factor
    if any(start <= _SECONDARY_PREFIX for start, _ in _find_all(text[:8], cues.secondary)):
        return cues.secondary_factor
    return 1.0


def analyse_clause(text: str, cues: Cues, lexicon: Lexicon) -> Clause:
    """Prepare a normalised clause for matching."""
    return Clause(
        text=text,
        units=to_units(text),
        lexicon=lexicon,
        factor=_factor(text, cues),
        hypothetical=_contains(text, cues.hypothetical),
        scopes=_scopes(text, cues),
        after_cues=tuple(s for s, _ in _find_all(text, cues.negation_after)),
    )
