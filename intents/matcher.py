"""Classify a message into a catalogue intent: pure, synchronous, no I/O after start-up."""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum

from intents import cache
from intents.catalogue import Catalogue
from intents.clauses import Clause, analyse_clause
from intents.lexicon import Lexicon
from intents.normalize import normalize, split_clauses
from intents.phrases import Hit, PhraseIndex
from intents.pinyin import export_tables, install_tables
from intents.similar import DEFAULT_BANK, SimilarityModel, load_bank

__all__ = ["Alternative", "Decision", "IntentMatch", "Matcher", "decide"]

logger = logging.getLogger(__name__)


class Decision(Enum):
    """What the bot should do with a match."""

    ACT = "act"
    CONFIRM = "confirm"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Alternative:
    """Another intent the message might mean."""

    intent: str
    confidence: float


@dataclass(frozen=True, slots=True)
class IntentMatch:
    """The matcher's answer: best intent (or None), confidence, alternatives, emergency flag."""

    intent: str | None
    confidence: float
    alternatives: tuple[Alternative, ...] = ()
    emergency: bool = False
    act_threshold: float = field(default=0.72, repr=False, compare=False)
    confirm_threshold: float = field(default=0.40, repr=False, compare=False)

    @property
    def decision(self) -> Decision:
        """ACT when confident, CONFIRM when unsure between candidates, UNKNOWN otherwise."""
        return decide(self)

    @property
    def candidates(self) -> tuple[str, ...]:
        """The intent keys to offer a resident when asking them to confirm (best first)."""
        head = (self.intent,) if self.intent else ()
        return head + tuple(a.intent for a in self.alternatives)


def decide(match: IntentMatch) -> Decision:
    """Map a match to a decision using the thresholds it was made with."""
    if match.intent is None or match.confidence < match.confirm_threshold:
        return Decision.UNKNOWN
    if match.emergency or match.confidence >= match.act_threshold:
        return Decision.ACT
    return Decision.CONFIRM


def _clause_evidence(hits: list[Hit], repeat_factor: float) -> dict[int, float]:
    """Per intent: its strongest hit plus a fraction of the others (synonyms add up slowly)."""
    weights: dict[int, list[float]] = {}
    for hit in hits:
        weights.setdefault(hit.intent, []).append(hit.weight)
    return {intent: max(ws) + repeat_factor * (sum(ws) - max(ws)) for intent, ws in weights.items()}


class Matcher:
    """Keyword, sound-alike, pinyin and fuzzy matching over the catalogue's phrases."""

    def __init__(
        self, catalogue: Catalogue, examples: Mapping[str, Sequence[str]] | None = None
    ) -> None:
        """Build the phrase index and load jieba (the slow part of start-up, done once).

        examples: label -> messages for the similarity fallback (default: the packaged bank).
        """
        self._catalogue = catalogue
        self._keys = catalogue.keys
        self._scoring = catalogue.scoring
        use_similar = self._scoring.similarity_weight > 0
        source = DEFAULT_BANK.read_bytes() if examples is None else repr(examples).encode()
        key = cache.cache_key(repr(catalogue).encode(), source if use_similar else b"")
        state = cache.load(key)
        if state is not None:
            install_tables(state["chars"], state["syllables"])
            self._index: PhraseIndex = state["index"]
            self._index.rebind(catalogue)
            self._similar: SimilarityModel | None = state["similar"]
        else:
            self._index = PhraseIndex(catalogue)
            self._similar = None
            if use_similar:
                bank = load_bank() if examples is None else examples
                self._similar = SimilarityModel(bank, self._keys)
            chars, syllables = export_tables()
            state = {"index": self._index, "similar": self._similar}
            cache.save(key, {**state, "chars": chars, "syllables": syllables})
        self._lexicon = Lexicon(self._index.words())
        logger.info("matcher ready: %d intents, %d phrases", len(self._keys), len(self._index))

    @property
    def catalogue(self) -> Catalogue:
        """The catalogue this matcher was built from."""
        return self._catalogue

    def classify(self, text: str) -> IntentMatch:
        """Classify one message."""
        normalized = normalize(text)
        clauses = [
            analyse_clause(raw, self._catalogue.cues, self._lexicon)
            for raw in split_clauses(normalized)
        ]
        scores, emergencies = self._score(clauses, approximate=False)
        if max(scores, default=0.0) < self._scoring.min_score:
            scores, emergencies = self._score(clauses, approximate=True)
        result = self._result(scores, emergencies)
        weak = self._similar is not None and result.confidence < self._scoring.act
        if weak and self._add_similarity(normalized, scores):
            result = self._result(scores, emergencies)
        return result

    def _add_similarity(self, normalized: str, scores: list[float]) -> bool:
        """Add evidence from resemblance to known messages; False when there is none."""
        assert self._similar is not None
        s = self._scoring
        logs = self._similar.log_likelihoods(normalized)
        n = len(scores)
        order = sorted(range(n), key=lambda i: -logs[i])
        top, second = order[0], order[1]
        if max(scores) < s.min_score:
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

    def _score(self, clauses: list[Clause], approximate: bool) -> tuple[list[float], set[int]]:
        """Evidence per intent, and the intents with a live emergency phrase."""
        scores = [0.0] * len(self._keys)
        emergencies: set[int] = set()
        position = 1.0
        for clause in clauses:
            found = self._index.find(clause, self._lexicon)
            if approximate and not found:
                found = self._index.find_approximate(clause)
            hits = [h for h in found if not clause.negated(h.start, h.end)]
            for intent, evidence in _clause_evidence(hits, self._scoring.repeat_factor).items():
                scores[intent] += evidence * clause.factor * position
            emergencies.update(h.intent for h in hits if h.emergency and not clause.hypothetical)
            if hits:
                position = self._catalogue.cues.later_factor
        for i in emergencies:
            scores[i] += self._scoring.emergency_bonus
        return scores, emergencies

    def _confidence(self, score: float, rival: float) -> float:
        """Calibrated confidence from an intent's evidence and its strongest rival's."""
        s = self._scoring
        strength = score / (score + s.strength_k)
        share = score / (score + rival) if score > 0 else 0.0
        return round(strength * math.pow(share, s.share_power), 4)

    def _result(self, scores: list[float], emergencies: set[int]) -> IntentMatch:
        s = self._scoring
        priority = [i.priority for i in self._catalogue.intents]
        order = sorted(range(len(scores)), key=lambda i: (-scores[i], -priority[i], i))
        best, best_score = order[0], scores[order[0]]
        runner_up = scores[order[1]] if len(order) > 1 else 0.0
        confidence = self._confidence(best_score, runner_up)
        alternatives = tuple(
            Alternative(self._keys[i], self._confidence(scores[i], best_score))
            for i in order[1 : 1 + s.max_alternatives]
            if scores[i] > 0 and scores[i] >= s.alternative_ratio * best_score
        )
        accepted = best_score >= s.min_score and confidence >= s.confirm
        if not accepted:
            head = (Alternative(self._keys[best], confidence),) if best_score > 0 else ()
            alternatives = (head + alternatives)[: s.max_alternatives]
        return IntentMatch(
            intent=self._keys[best] if accepted else None,
            confidence=confidence if accepted else 0.0,
            alternatives=alternatives,
            emergency=accepted and best in emergencies,
            act_threshold=s.act,
            confirm_threshold=s.confirm,
        )
