"""One clause of a message: its units, word boundaries, negation scopes, emphasis and mood."""

from __future__ import annotations

from dataclasses import dataclass

from intents.catalogue import Cues
from intents.lexicon import Lexicon
from intents.pinyin import Units, to_units

__all__ = ["Clause", "analyse_clause"]

_AFTER_WINDOW = 10
_SECONDARY_PREFIX = 4
_RHETORICAL_ENDINGS = ("吗", "嘛", "么")


@dataclass(frozen=True, slots=True)
class Clause:
    """A clause ready for phrase matching; spans are in units, scopes in characters."""

    text: str
    units: Units
    boundaries: frozenset[int]
    factor: float
    hypothetical: bool
    scopes: tuple[tuple[int, int], ...]
    after_cues: tuple[int, ...]

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


def _find_all(text: str, needles: tuple[str, ...]) -> list[tuple[int, int]]:
    """All (start, end) occurrences of any needle in text."""
    found = []
    for needle in needles:
        pos = text.find(needle)
        while pos >= 0:
            found.append((pos, pos + len(needle)))
            pos = text.find(needle, pos + 1)
    return found


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
    if any(c in text for c in cues.primary):
        return cues.primary_factor
    if any(c in text[: len(c) + _SECONDARY_PREFIX - 2] for c in cues.secondary):
        return cues.secondary_factor
    return 1.0


def analyse_clause(text: str, cues: Cues, lexicon: Lexicon) -> Clause:
    """Prepare a normalised clause for matching."""
    return Clause(
        text=text,
        units=to_units(text),
        boundaries=lexicon.boundaries(text),
        factor=_factor(text, cues),
        hypothetical=any(c in text for c in cues.hypothetical),
        scopes=_scopes(text, cues),
        after_cues=tuple(s for s, _ in _find_all(text, cues.negation_after)),
    )
