"""The phrase index: finds catalogue phrases in a clause, exactly, by sound, or in pinyin."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from intents.catalogue import TIERS, Catalogue
from intents.clauses import Clause
from intents.fuzzy import FuzzyIndex
from intents.hits import Hit
from intents.lexicon import Lexicon
from intents.normalize import normalize
from intents.pinyin import phrase_keys, to_units

__all__ = ["NEUTRAL", "Hit", "Phrase", "PhraseIndex"]

NEUTRAL = -1
"""Intent index of neutral phrases: they win overlaps (充电宝 hides 充电) but score nothing."""
_MISALIGNED = 0.8
_FUNCTION = frozenset("的了是我你他她它这那个有在就也都还吗呢吧啊呀嘛啥咋么一不没人俺咱们事")
"""Characters of everyday grammar: a short sound-alike containing one is no typo ('那事')."""


@dataclass(frozen=True, slots=True)
class Phrase:
    """A catalogue phrase (or one part of an 'A+B' combination)."""

    intent: int
    surface: str
    size: int
    weight: float
    emergency: bool = False
    part: int = -1


@dataclass(frozen=True, slots=True)
class Combo:
    """Phrases that count only when all appear in one clause."""

    intent: int
    parts: tuple[int, ...]
    weight: float


class PhraseIndex:
    """All catalogue phrases keyed by their fuzzy-pinyin unit sequences."""

    def __init__(self, catalogue: Catalogue) -> None:
        """Index every keyword, emergency phrase, combination part and neutral phrase."""
        self._scoring = catalogue.scoring
        self._index: dict[tuple[str, ...], list[Phrase]] = {}
        self._phrases: dict[tuple[int, str], Phrase] = {}
        self._parts: dict[str, int] = {}
        self._combos: list[Combo] = []
        self._combos_by_part: dict[int, list[int]] = {}
        for n, intent in enumerate(catalogue.intents):
            for tier in TIERS:
                weight = catalogue.scoring.weights[tier]
                for phrase in intent.keywords[tier]:
                    self._add_keyword(n, phrase, weight)
            for phrase in intent.emergency_phrases:
                self._add(n, phrase, catalogue.scoring.weights["strong"], emergency=True)
        for phrase in catalogue.neutral:
            self._add(NEUTRAL, phrase, 0.0)
        for ph in self._phrases.values():
            for keys in phrase_keys(ph.surface):
                self._index.setdefault(keys, []).append(ph)
        self._combo_sizes = [len(set(c.parts)) for c in self._combos]
        self._prefixes = {k[:n] for k in self._index for n in range(1, len(k) + 1)}
        self._max_size = max((len(k) for k in self._index), default=0)
        self.fuzzy = FuzzyIndex(
            [p for p in self._phrases.values() if p.part < 0 and p.intent != NEUTRAL],
            catalogue.scoring.fuzzy_cutoff,
        )

    def __len__(self) -> int:
        return len(self._phrases)

    def __getstate__(self) -> dict[str, object]:
        """Pickle everything but the scoring settings (the catalogue supplies them again)."""
        return {k: v for k, v in self.__dict__.items() if k != "_scoring"}

    def rebind(self, catalogue: Catalogue) -> None:
        """Take the scoring settings from the catalogue (after unpickling)."""
        self._scoring = catalogue.scoring

    def words(self) -> list[str]:
        """Every phrase surface (for the word segmenter's user dictionary)."""
        return [p.surface for p in self._phrases.values()]

    def _add_keyword(self, intent: int, phrase: str, weight: float) -> None:
        if "+" not in phrase:
            self._add(intent, phrase, weight)
            return
        parts = []
        for piece in phrase.split("+"):
            surface = normalize(piece).replace(" ", "")
            if surface not in self._parts:
                self._parts[surface] = len(self._parts)
                self._add(NEUTRAL, surface, 0.0, part=self._parts[surface])
            parts.append(self._parts[surface])
        for part in set(parts):
            self._combos_by_part.setdefault(part, []).append(len(self._combos))
        self._combos.append(Combo(intent, tuple(parts), weight))

    def _add(
        self, intent: int, phrase: str, weight: float, emergency: bool = False, part: int = -1
    ) -> None:
        surface = normalize(phrase).replace(" ", "")
        if not surface:
            return
        key = (intent if part < 0 else -2 - part, surface)
        old = self._phrases.get(key)
        if old is not None:
            weight, emergency = max(weight, old.weight), emergency or old.emergency
        size = len(to_units(surface).keys)
        self._phrases[key] = Phrase(intent, surface, size, weight, emergency, part)

    def find(self, clause: Clause, lexicon: Lexicon) -> list[Hit]:
        """All phrase hits in a clause after overlap resolution (longest phrase wins)."""
        hits: list[Hit] = []
        parts: dict[int, tuple[int, int, bool]] = {}
        for ph, start, exact in self._scan(clause, lexicon):
            if ph.part >= 0:
                parts.setdefault(ph.part, (start, start + ph.size, exact))
                continue
            weight = ph.weight if exact else ph.weight * self._scoring.sound_alike
            emergency = ph.emergency and (exact or ph.size > 2)
            hits.append(Hit(ph.intent, start, start + ph.size, weight, emergency, exact))
        kept = _resolve(hits)
        if parts:
            kept = self._combo_hits(parts, kept)
        return [h for h in kept if h.intent != NEUTRAL]

    def find_approximate(self, clause: Clause) -> list[Hit]:
        """Approximate (rapidfuzz) hits, for clauses where nothing matched exactly or by sound."""
        return self.fuzzy.find(clause, self._scoring.fuzzy)

    def _scan(self, clause: Clause, lexicon: Lexicon) -> Iterator[tuple[Phrase, int, bool]]:
        """Yield (phrase, start unit, exact?) for each phrase whose pinyin is in the clause."""
        units = clause.units
        keys, surfaces, hanzi = units.keys, units.surfaces, units.hanzi
        n = len(keys)
        prefixes, index = self._prefixes, self._index
        for i in range(n):
            for size in range(1, min(self._max_size, n - i) + 1):
                window = keys[i : i + size]
                if window not in prefixes:
                    break
                entries = index.get(window)
                if not entries:
                    continue
                surface = "".join(surfaces[i : i + size])
                all_hanzi = all(hanzi[i : i + size])
                for ph in entries:
                    exact = surface == ph.surface
                    if not exact and (size == 1 or (all_hanzi and lexicon.is_other_word(surface))):
                        continue
                    if not exact and size <= 2 and not _FUNCTION.isdisjoint(surface):
                        continue
                    if (
                        ph.part < 0
                        and all_hanzi
                        and size <= 2
                        and not _aligned(clause, i, i + size)
                    ):
                        if size == 1:
                            continue
                        yield (
                            Phrase(
                                ph.intent,
                                ph.surface,
                                size,
                                ph.weight * _MISALIGNED,
                                ph.emergency,
                                ph.part,
                            ),
                            i,
                            exact,
                        )
                        continue
                    yield ph, i, exact

    def _combo_hits(self, parts: dict[int, tuple[int, int, bool]], kept: list[Hit]) -> list[Hit]:
        """Add hits for combinations whose parts all appear; a combination replaces weaker
        same-intent hits on its parts and gives way to stronger ones."""
        counts: dict[int, int] = {}
        for p in parts:
            for c in self._combos_by_part.get(p, ()):
                counts[c] = counts.get(c, 0) + 1
        complete = sorted(c for c, n in counts.items() if n == self._combo_sizes[c])
        for combo in (self._combos[c] for c in complete):
            real = [parts[p] for p in combo.parts]
            if _overlapping(real):
                continue
            weight = combo.weight
            if not all(exact for _, _, exact in real):
                weight *= self._scoring.sound_alike
            covering = [
                k
                for k in kept
                if k.intent == combo.intent and any(k.start < e and s < k.end for s, e, _ in real)
            ]
            if any(k.weight >= weight for k in covering):
                continue
            kept[:] = [k for k in kept if k not in covering]
            start, end = min(s for s, _, _ in real), max(e for _, e, _ in real)
            exact = all(e for _, _, e in real)
            kept.append(Hit(combo.intent, start, end, weight, exact=exact))
        return kept


def _aligned(clause: Clause, start: int, end: int) -> bool:
    """True when the units start..end begin and end on jieba word boundaries."""
    lo, hi = clause.char_span(start, end)
    return lo in clause.boundaries and hi in clause.boundaries


def _overlapping(spans: list[tuple[int, int, bool]]) -> bool:
    ordered = sorted(spans)
    return any(a[1] > b[0] for a, b in itertools.pairwise(ordered))


def _resolve(hits: list[Hit]) -> list[Hit]:
    """Drop hits inside a longer hit (or inside a same-intent hit of equal length)."""
    hits.sort(key=lambda h: (h.start - h.end, -h.weight))
    kept: list[Hit] = []
    for h in hits:
        size = h.end - h.start
        if any(
            k.start <= h.start
            and h.end <= k.end
            and (k.end - k.start > size or k.intent == h.intent)
            for k in kept
        ):
            continue
        kept.append(h)
    return kept
