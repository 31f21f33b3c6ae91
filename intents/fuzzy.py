"""Approximate phrase matching with rapidfuzz, for typos that are neither exact nor sound-alike."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from rapidfuzz import fuzz

from intents.hits import Hit
from intents.pinyin import to_units

if TYPE_CHECKING:
    from intents.clauses import Clause

__all__ = ["FuzzyIndex"]

_MIN_SYLLABLES = 3
_MIN_HANZI = 4
_HANZI_CUTOFF = 75.0
"""One wrong character in a four-character phrase scores exactly 75."""


class _PhraseLike(Protocol):
    @property
    def intent(self) -> int: ...
    @property
    def surface(self) -> str: ...
    @property
    def weight(self) -> float: ...


@dataclass(frozen=True, slots=True)
class _Choice:
    text: str
    pieces: frozenset[str]
    phrase: _PhraseLike


class _Table:
    """Choices with an inverted index, so only plausible ones reach rapidfuzz."""

    def __init__(self) -> None:
        self.choices: list[_Choice] = []
        self.by_piece: dict[str, list[int]] = {}

    def add(self, text: str, pieces: Sequence[str], phrase: _PhraseLike) -> None:
        choice = _Choice(text, frozenset(pieces), phrase)
        for piece in choice.pieces:
            self.by_piece.setdefault(piece, []).append(len(self.choices))
        self.choices.append(choice)

    def candidates(self, pieces: Sequence[str]) -> list[_Choice]:
        """Choices sharing all but at most one of their distinct pieces with the query."""
        counts = Counter(n for p in set(pieces) for n in self.by_piece.get(p, ()))
        return [self.choices[n] for n, c in counts.items() if c >= len(self.choices[n].pieces) - 1]


def _starts_syllable(query: str, pos: int, choice: str) -> bool:
    """An approximate hit must start where a syllable starts, with the phrase's first letter."""
    return (pos == 0 or query[pos - 1] == " ") and query[pos : pos + 1] == choice[:1]


class FuzzyIndex:
    """Longer phrases as pinyin strings and as hanzi strings, for partial-ratio look-ups."""

    def __init__(self, phrases: Sequence[_PhraseLike], pinyin_cutoff: float) -> None:
        """Keep phrases long enough that an approximate match still means something."""
        self._cutoff = pinyin_cutoff
        self._pinyin = _Table()
        self._hanzi = _Table()
        for ph in phrases:
            units = to_units(ph.surface)
            if not all(units.hanzi):
                continue
            if len(units.keys) >= _MIN_SYLLABLES:
                self._pinyin.add(" ".join(units.keys), units.keys, ph)
            if len(ph.surface) >= _MIN_HANZI:
                self._hanzi.add(ph.surface, list(ph.surface), ph)

    def find(self, clause: Clause, factor: float) -> list[Hit]:
        """Approximate hits in a clause, weighted down by factor; one per phrase."""
        units = clause.units
        if len(units.keys) < _MIN_SYLLABLES:
            return []
        hits: dict[str, Hit] = {}
        starts, pos = [], 0
        for key in units.keys:
            starts.append(pos)
            pos += len(key) + 1
        query = " ".join(units.keys)
        for choice in self._pinyin.candidates(units.keys):
            if len(choice.text) > len(query) + 2:
                continue
            a = fuzz.partial_ratio_alignment(choice.text, query, score_cutoff=self._cutoff)
            if a is None or not _starts_syllable(query, a.dest_start, choice.text):
                continue
            start = max(0, bisect_right(starts, a.dest_start) - 1)
            end = max(start + 1, bisect_left(starts, a.dest_end))
            ph = choice.phrase
            hits.setdefault(ph.surface, Hit(ph.intent, start, end, ph.weight * factor, exact=False))
        for choice in self._hanzi.candidates(units.surfaces):
            if len(choice.text) > len(clause.text):
                continue
            a = fuzz.partial_ratio_alignment(choice.text, clause.text, score_cutoff=_HANZI_CUTOFF)
            if a is None:
                continue
            start = max(0, bisect_right(units.offsets, a.dest_start) - 1)
            end = max(start + 1, bisect_left(units.offsets, a.dest_end))
            ph = choice.phrase
            hits.setdefault(ph.surface, Hit(ph.intent, start, end, ph.weight * factor, exact=False))
        return list(hits.values())
