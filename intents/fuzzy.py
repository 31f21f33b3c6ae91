"""Approximate phrase matching with rapidfuzz, for typos that are neither exact nor sound-alike."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from rapidfuzz import fuzz, process

from intents.pinyin import to_units

if TYPE_CHECKING:
    from intents.clauses import Clause
    from intents.phrases import Hit

__all__ = ["FuzzyIndex"]

_MIN_SYLLABLES = 3
_MIN_HANZI = 4
_HANZI_CUTOFF = 75.0
"""One wrong character in a four-character phrase scores exactly 75."""
_LIMIT = 3


class _PhraseLike(Protocol):
    @property
    def intent(self) -> int: ...
    @property
    def surface(self) -> str: ...
    @property
    def weight(self) -> float: ...


class FuzzyIndex:
    """Longer phrases as pinyin strings and as hanzi strings, for partial-ratio look-ups."""

    def __init__(self, phrases: Sequence[_PhraseLike], pinyin_cutoff: float) -> None:
        """Keep phrases long enough that an approximate match still means something."""
        self._cutoff = pinyin_cutoff
        self._pinyin: list[str] = []
        self._pinyin_refs: list[_PhraseLike] = []
        self._hanzi: list[str] = []
        self._hanzi_refs: list[_PhraseLike] = []
        for ph in phrases:
            units = to_units(ph.surface)
            if not all(units.hanzi):
                continue
            if len(units.keys) >= _MIN_SYLLABLES:
                self._pinyin.append(" ".join(units.keys))
                self._pinyin_refs.append(ph)
            if len(ph.surface) >= _MIN_HANZI:
                self._hanzi.append(ph.surface)
                self._hanzi_refs.append(ph)

    def find(self, clause: Clause, factor: float) -> list[Hit]:
        """Approximate hits in a clause, weighted down by factor; best first, one per phrase."""
        from intents.phrases import Hit

        keys = clause.units.keys
        if len(keys) < _MIN_SYLLABLES:
            return []
        starts, pos = [], 0
        for key in keys:
            starts.append(pos)
            pos += len(key) + 1
        query = " ".join(keys)
        hits: dict[str, Hit] = {}
        for choice, _, n in process.extract(
            query, self._pinyin, scorer=fuzz.partial_ratio, score_cutoff=self._cutoff, limit=_LIMIT
        ):
            ph = self._pinyin_refs[n]
            if len(choice) > len(query) + 2:
                continue
            a = fuzz.partial_ratio_alignment(choice, query)
            if a is None:
                continue
            start = max(0, bisect_right(starts, a.dest_start) - 1)
            end = max(start + 1, bisect_left(starts, a.dest_end))
            hits.setdefault(ph.surface, Hit(ph.intent, start, end, ph.weight * factor))
        offsets = clause.units.offsets
        for choice, _, n in process.extract(
            clause.text,
            self._hanzi,
            scorer=fuzz.partial_ratio,
            score_cutoff=_HANZI_CUTOFF,
            limit=_LIMIT,
        ):
            ph = self._hanzi_refs[n]
            a = fuzz.partial_ratio_alignment(choice, clause.text)
            if a is None or len(choice) > len(clause.text):
                continue
            start = max(0, bisect_right(offsets, a.dest_start) - 1)
            end = max(start + 1, bisect_left(offsets, a.dest_end))
            hits.setdefault(ph.surface, Hit(ph.intent, start, end, ph.weight * factor))
        return list(hits.values())
