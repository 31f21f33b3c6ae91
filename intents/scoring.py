"""Evidence per intent from phrase hits and resemblance, and the calibrated result."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from intents.catalogue import Catalogue
from intents.clauses import Clause
from intents.hits import Hit
from intents.lexicon import Lexicon
from intents.phrases import PhraseIndex
from intents.result import Alternative, IntentMatch
from intents.similar import SimilarityModel

__all__ = ["Evidence", "Scorer"]

_CATEGORY_FLOOR = 0.8
"""A clause's evidence for an intent needed to list it among the message's problems."""
_NONE_FACTOR = 0.9
"""Out-of-scope evidence counts a little less than an intent's: a tie goes to the intent."""
_SAME_CLAUSE = 1.6
"""Within one clause a second problem needs this much evidence (a strong phrase) of its own."""


@dataclass(slots=True)
class Evidence:
    """Scores per intent (the last entry: out of scope), live emergencies, where each intent
    was mentioned: (clause, unit, intent, evidence), and the best intent's phrase evidence
    before resemblance was added."""

    scores: list[float]
    emergencies: set[int]
    mentions: list[tuple[int, int, int, float]] = field(default_factory=list)
    keyword_best: float = 0.0


def _clause_evidence(hits: list[Hit], repeat_factor: float) -> dict[int, tuple[float, int]]:
    """Per intent: its strongest hit plus a fraction of the others, and its first unit."""
    found: dict[int, list[float]] = {}  # intent -> [strongest, total, first unit]
    for hit in hits:
        row = found.get(hit.intent)
        if row is None:
            found[hit.intent] = [hit.weight, hit.weight, hit.start]
            continue
        row[0] = max(row[0], hit.weight)
        row[1] += hit.weight
        row[2] = min(row[2], hit.start)
    return {
        i: (top + repeat_factor * (total - top), int(at)) for i, (top, total, at) in found.items()
    }


class Scorer:
    """Turns clauses into evidence and evidence into an IntentMatch."""

    def __init__(
        self,
        catalogue: Catalogue,
        index: PhraseIndex,
        lexicon: Lexicon,
        similar: SimilarityModel | None,
    ) -> None:
        """Keep what scoring needs; index covers the intents plus the out-of-scope topics."""
        self._catalogue = catalogue
        self._keys = catalogue.keys
        self._names = (*catalogue.keys, "none")
        self._scoring = catalogue.scoring
        self._priority = [i.priority for i in catalogue.intents]
        self._index = index
        self._lexicon = lexicon
        self._similar = similar

    def evidence(self, normalized: str, clauses: list[Clause], trace: list[str] | None) -> Evidence:
        """Evidence from exact and sound-alike phrases, else approximate ones, and resemblance."""
        s = self._scoring
        n = len(self._keys)
        ev = self._score(clauses, False, trace)
        if max(ev.scores[:n], default=0.0) < s.min_score:
            ev = self._score(clauses, True, trace)
        out_of_scope = ev.scores[n] >= s.min_score  # then resemblance cannot change the answer
        best = ev.keyword_best = max(ev.scores[:n], default=0.0)
        rival = sorted(ev.scores[:n])[-2] if n > 1 else 0.0
        rival = max(rival, ev.scores[n] * _NONE_FACTOR)
        if out_of_scope and ev.scores[n] * _NONE_FACTOR >= best:
            return ev
        weak = self._similar is not None and self._confidence(best, rival) < s.act
        if weak and self._add_similarity(normalized, ev.scores) and trace is not None:
            shown = ", ".join(
                f"{k} {v:.2f}" for k, v in zip(self._names, ev.scores, strict=True) if v
            )
            trace.append(f"resemblance to example messages added: {shown}")
        return ev

    def _score(self, clauses: list[Clause], approximate: bool, trace: list[str] | None) -> Evidence:
        """Evidence per intent, and the intents with a live emergency phrase."""
        n = len(self._keys)
        ev = Evidence([0.0] * (n + 1), set())
        position = 1.0
        for k, clause in enumerate(clauses):
            found = self._index.find(clause, self._lexicon)
            if approximate and not found:
                found = self._index.find_approximate(clause)
            hits = [
                h for h in found if not clause.negated(h.start, h.end) and (h.exact or h.intent < n)
            ]
            if trace is not None:
                self._trace_clause(clause, found, hits, approximate, trace)
            per_intent = _clause_evidence(hits, self._scoring.repeat_factor)
            for intent, (evidence, start) in per_intent.items():
                weighted = evidence * clause.factor * position
                ev.scores[intent] += weighted
                ev.mentions.append((k, start, intent, weighted))
            ev.emergencies.update(
                h.intent for h in hits if h.emergency and h.intent < n and not clause.hypothetical
            )
            if any(h.intent < n for h in hits):
                position = self._catalogue.cues.later_factor
        for i in ev.emergencies:
            ev.scores[i] += self._scoring.emergency_bonus
        return ev

    def _trace_clause(
        self, clause: Clause, found: list[Hit], kept: list[Hit], approximate: bool, trace: list[str]
    ) -> None:
        """One evidence line per clause: each phrase found, its intent and weight."""
        parts = []
        for h in found:
            lo, hi = clause.char_span(h.start, h.end)
            flags = ("" if h in kept else " negated") + (" emergency" if h.emergency else "")
            parts.append(f"{clause.text[lo:hi]}→{self._names[h.intent]} {h.weight:.2f}{flags}")
        how = " (approximate)" if approximate else ""
        factor = f" ×{clause.factor:g}" if clause.factor != 1.0 else ""
        trace.append(f"«{clause.text}»{factor}{how}: " + ("; ".join(parts) or "no phrase"))

    def _add_similarity(self, normalized: str, scores: list[float]) -> bool:
        """Add evidence from resemblance to known messages; False when there is none."""
        assert self._similar is not None
        s = self._scoring
        logs = self._similar.log_likelihoods(normalized)
        n = len(self._keys)
        order = sorted(range(n), key=lambda i: -logs[i])
        top, second = order[0], order[1]
        if max(scores[:n]) < s.min_score:
            none = logs[n]
            if logs[top] - none < s.similarity_evidence:
                return False
            if logs[top] - logs[second] < s.similarity_margin:
                return False
            scores[top] += s.similarity_weight
            return True
        if s.similarity_tiebreak <= 0:
            return False
        peak = logs[top]
        weights = [math.exp(v - peak) if scores[i] > 0 else 0.0 for i, v in enumerate(logs[:n])]
        total = sum(math.exp(v - peak) for v in logs)
        for i, w in enumerate(weights):
            scores[i] += s.similarity_tiebreak * w / total
        return True

    def _confidence(self, score: float, rival: float) -> float:
        """Calibrated confidence from an intent's evidence and its strongest rival's."""
        s = self._scoring
        strength = score / (score + s.strength_k)
        share = score / (score + rival) if score > 0 else 0.0
        return round(strength * math.pow(share, s.share_power), 4)

    def result(self, ev: Evidence) -> IntentMatch:
        """The best intent (if the evidence is enough and beats 'none of the ten')."""
        s = self._scoring
        n = len(self._keys)
        scores, none = ev.scores[:n], ev.scores[n] * _NONE_FACTOR
        order = sorted(range(n), key=lambda i: (-scores[i], -self._priority[i], i))
        best, best_score = order[0], scores[order[0]]
        runner_up = scores[order[1]] if n > 1 else 0.0
        confidence = self._confidence(best_score, max(runner_up, none))
        alternatives = tuple(
            Alternative(self._keys[i], self._confidence(scores[i], best_score))
            for i in order[1 : 1 + s.max_alternatives]
            if scores[i] > 0 and scores[i] >= s.alternative_ratio * best_score
        )
        out_of_scope = 0 < none >= ev.keyword_best and best not in ev.emergencies
        accepted = best_score >= s.min_score and confidence >= s.confirm and not out_of_scope
        if not accepted:
            head = (Alternative(self._keys[best], confidence),) if best_score > 0 else ()
            alternatives = (head + alternatives)[: s.max_alternatives]
        key = self._keys[best] if accepted else None
        return IntentMatch(
            intent=key,
            confidence=confidence if accepted else 0.0,
            alternatives=alternatives,
            emergency=accepted and best in ev.emergencies,
            act_threshold=s.act,
            confirm_threshold=s.confirm,
            categories=self.categories(ev, key) if key else (),
        )

    def categories(self, ev: Evidence, main: str) -> tuple[str, ...]:
        """Every problem of the message in the order mentioned: each must lead a clause of its
        own, or have strong evidence beside another problem in one unpunctuated clause."""
        n = len(self._keys)
        by_clause: dict[int, float] = {}
        for k, _, i, e in ev.mentions:
            if i < n:
                by_clause[k] = max(by_clause.get(k, 0.0), e)
        first: dict[str, tuple[int, int]] = {}
        for k, start, i, e in sorted(ev.mentions):
            if i >= n or e < _CATEGORY_FLOOR:
                continue
            if e >= by_clause[k] or e >= _SAME_CLAUSE:
                first.setdefault(self._keys[i], (k, start))
        for k, start, i, _ in sorted(ev.mentions):
            if i < n and self._keys[i] == main:
                first.setdefault(main, (k, start))
        first.setdefault(main, (-1, -1))
        return tuple(sorted(first, key=lambda key: first[key]))
