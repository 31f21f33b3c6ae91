"""Classify a message into a catalogue intent: pure, synchronous, no I/O after start-up."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping, Sequence
from types import MappingProxyType

from intents.build import build
from intents.catalogue import Catalogue, Intent
from intents.clauses import analyse_clause
from intents.dialogue import Dialogue, dialogue_act, load_dialogue
from intents.explain import model_lines
from intents.fusion import Fused, Fusion, clause_problems, fuse
from intents.learned import LearnedModel
from intents.lexicon import Lexicon
from intents.normalize import normalize, split_clauses
from intents.result import Act, Alternative, Decision, EmergencyKind, IntentMatch, decide
from intents.scoring import Evidence, Scorer

__all__ = [
    "Act",
    "Alternative",
    "Decision",
    "EmergencyKind",
    "IntentMatch",
    "Matcher",
    "decide",
]

logger = logging.getLogger(__name__)

NONE_KEY = "none"
"""The pseudo-intent whose phrases are evidence for 'none of the ten' (dialogue.yaml)."""
_DEFAULT_KIND = {
    "fire_safety": EmergencyKind.FIRE,
    "elderly_care": EmergencyKind.MEDICAL,
    "dispute": EmergencyKind.VIOLENCE,
    "anti_fraud": EmergencyKind.SCAM,
}
_QUIET = (Act.THANKS, Act.GREETING)
_NAMED = 1.0
"""Phrase evidence (a medium phrase) that names a problem beside thanks, a greeting or a
follow-up ('你好，楼上漏水'); weaker evidence there is only the chat's words."""
_STRONG = 1.6
"""Phrase evidence (a strong phrase) that keeps a clearly named problem beside an emergency."""
_ALTERNATIVE = 0.1
"""A category this probable (after fusion) is offered beside the best one."""


def _with_out_of_scope(catalogue: Catalogue, dialogue: Dialogue) -> Catalogue:
    """The catalogue plus a last pseudo-intent holding the out-of-scope phrases."""
    none = Intent(
        key=NONE_KEY,
        name="其他",
        kind="report",
        priority=0,
        respond_within_hours=0.0,
        resolve_within_hours=0.0,
        emergency_priority=0,
        emergency_respond_within_hours=0.0,
        emergency_resolve_within_hours=0.0,
        replies=MappingProxyType({}),
        emergency_reply=None,
        keywords=dialogue.out_of_scope,
        emergency_phrases=(),
        examples=(),
    )
    return dataclasses.replace(catalogue, intents=(*catalogue.intents, none))


class Matcher:
    """Keyword, sound-alike, pinyin and fuzzy matching over the catalogue's phrases."""

    def __init__(
        self,
        catalogue: Catalogue,
        examples: Mapping[str, Sequence[str]] | None = None,
        dialogue: Dialogue | None = None,
        *,
        learned: LearnedModel | None = None,
        fusion: Fusion | None = None,
    ) -> None:
        """Build (or load from the cache) the phrase index and models, and load jieba.

        examples: label -> messages for the resemblance model (default: the packaged bank);
        dialogue: act and emergency cues (default: the packaged dialogue.yaml); learned: a
        model to use instead of the one trained on the packaged data (cross-validation).
        """
        self._catalogue = catalogue
        self._dialogue = dialogue or load_dialogue()
        self._keys = catalogue.keys
        built = build(_with_out_of_scope(catalogue, self._dialogue), catalogue, examples)
        self._lexicon = Lexicon(built.index.words())
        self._scorer = Scorer(catalogue, built.index, self._lexicon, built.similar)
        self._learned = learned or built.learned
        self._fusion = fusion or Fusion()
        logger.info("matcher ready: %d intents, %d phrases", len(self._keys), len(built.index))

    @property
    def catalogue(self) -> Catalogue:
        """The catalogue this matcher was built from."""
        return self._catalogue

    @property
    def learned(self) -> LearnedModel:
        """The learned model this matcher fuses with its rules."""
        return self._learned

    @property
    def dialogue(self) -> Dialogue:
        """The dialogue cues this matcher uses."""
        return self._dialogue

    def classify(self, text: str) -> IntentMatch:
        """Classify one message."""
        return self._classify(text, None)

    def explain(self, text: str) -> IntentMatch:
        """Classify one message and keep the evidence that decided it (match.evidence)."""
        trace: list[str] = []
        match = self._classify(text, trace)
        return dataclasses.replace(match, evidence=tuple(trace))

    def _classify(self, text: str, trace: list[str] | None) -> IntentMatch:
        normalized = normalize(text)
        raw_clauses = split_clauses(normalized)
        clauses = [analyse_clause(c, self._catalogue.cues, self._lexicon) for c in raw_clauses]
        evidence = self._scorer.evidence(normalized, clauses, trace)
        match = self._scorer.result(evidence)
        prediction = self._learned.predict(normalized)
        kind, rule = self._dialogue.emergency(raw_clauses)
        if kind is None and match.emergency and not self._dialogue.calm_message(raw_clauses):
            kind = self._default_kind(match, normalized)
        if kind is not None:
            if trace is not None:
                trace.extend(model_lines(self._learned, prediction, self._fusion))
            return self._emergency(match, evidence, kind, rule, raw_clauses, trace)
        rule_act = self._rule_act(text, raw_clauses, match, evidence, trace)
        fused = fuse(
            self._fusion,
            self._learned.heads[0].labels,
            prediction.category,
            evidence.scores,
            prediction.act,
            rule_act.value,
        )
        if trace is not None:
            trace.extend(model_lines(self._learned, prediction, self._fusion, fused))
        if fused.act == Act.EMERGENCY and self._model_may_flag(normalized):
            kind = EmergencyKind(max(prediction.kind, key=prediction.kind.__getitem__))
            if not self._dialogue.vetoes(kind, raw_clauses):
                rule = "the learned model"
                return self._emergency(match, evidence, kind, rule, raw_clauses, trace)
        return self._combined(match, evidence, fused, raw_clauses, trace)

    def _model_may_flag(self, normalized: str) -> bool:
        """Whether the learned model alone may call this message an emergency."""
        letters = sum(1 for ch in normalized if ch.isalnum())
        return self._fusion.model_emergency and letters >= self._fusion.model_emergency_min_chars

    def _rule_act(
        self,
        text: str,
        raw_clauses: list[str],
        match: IntentMatch,
        evidence: Evidence,
        trace: list[str] | None,
    ) -> Act:
        """The act the cue rules give (a message naming no problem is not a report of one)."""
        named = evidence.keyword_best >= _NAMED
        problem = match.intent is not None and not self._chat(raw_clauses, named)
        info = problem and self._catalogue.get(str(match.intent)).kind == "info"
        act, cue = dialogue_act(self._dialogue, text, raw_clauses, problem, info)
        if trace is not None:
            trace.append(f"rules' act {act.value}" + (f" (cue: {cue})" if cue else ""))
        return act

    def _combined(
        self,
        match: IntentMatch,
        evidence: Evidence,
        fused: Fused,
        clauses: list[str],
        trace: list[str] | None,
    ) -> IntentMatch:
        """The answer from the fused scores: category (none when unsure), act, alternatives."""
        act = Act(fused.act)
        if act is Act.EMERGENCY:  # no emergency rule fired: the runner-up act
            act = Act(fused.acts[1][0])
        best, confidence = fused.categories[0]
        intent: str | None = None if best == NONE_KEY else best
        if act in _QUIET and intent is not None:
            if trace is not None:
                trace.append(f"{act.value}: {intent} dropped (no new problem named)")
            intent = None
        if intent is not None and confidence < match.confirm_threshold:
            if self._fusion.keep_best:
                confidence = match.confirm_threshold  # likelier than none: ask to confirm
            else:
                intent = None
        probability = dict(fused.categories)
        categories = self._scorer.categories(evidence, intent) if intent else ()
        categories = self._second_problems(categories, intent, clauses, trace)
        others = [k for k in categories if k != intent]  # a second problem first
        others += [k for k, p in fused.categories if p >= _ALTERNATIVE and k not in others]
        alternatives = tuple(
            Alternative(k, round(probability[k], 4)) for k in others if k not in (NONE_KEY, intent)
        )
        return dataclasses.replace(
            match,
            intent=intent,
            confidence=round(confidence, 4) if intent else 0.0,
            alternatives=alternatives[: self._catalogue.scoring.max_alternatives],
            emergency=False,
            act=act,
            categories=categories,
        )

    def _second_problems(
        self,
        categories: tuple[str, ...],
        intent: str | None,
        clauses: list[str],
        trace: list[str] | None,
    ) -> tuple[str, ...]:
        """Keep a problem beside the main one only when the model finds it in a clause too."""
        if len(categories) < 2:
            return categories
        kept, best = clause_problems(self._learned, self._fusion, categories, intent, clauses)
        if trace is not None and kept != categories:
            dropped = ", ".join(f"{k} {best[k]:.2f}" for k in categories if k not in kept)
            trace.append(f"second problem not in any clause for the model: {dropped}")
        return kept

    def _chat(self, clauses: list[str], named: bool) -> bool:
        """Only acknowledgements, or thanks or a greeting beside no clearly named problem."""
        d = self._dialogue
        if d.acknowledges(clauses):
            return True
        text = "，".join(clauses)
        return not named and bool(d.cue("thanks", text) or d.cue("greeting", text))

    @staticmethod
    def _default_kind(match: IntentMatch, normalized: str) -> EmergencyKind | None:
        """The kind of an emergency found by a catalogue phrase alone (e.g. in pinyin)."""
        kind = _DEFAULT_KIND.get(str(match.intent))
        gas = ("煤气", "燃气", "meiqi", "mei qi", "ranqi", "ran qi")
        if kind is EmergencyKind.FIRE and any(g in normalized for g in gas):
            return EmergencyKind.GAS
        lift = ("电梯", "dianti", "dian ti")
        if match.intent == "repair" and any(w in normalized for w in lift):
            return EmergencyKind.TRAPPED
        return kind

    def _emergency(
        self,
        match: IntentMatch,
        evidence: Evidence,
        kind: EmergencyKind,
        rule: str,
        clauses: list[str],
        trace: list[str] | None,
    ) -> IntentMatch:
        """An emergency in progress: its kind, and the intent it belongs to."""
        intent = self._dialogue.category_of(kind) or match.intent
        keep = match.intent is not None and evidence.keyword_best >= _STRONG
        if keep and evidence.scores[self._keys.index(str(intent))] == 0:
            intent = match.intent  # a clearly named problem with an emergency of another kind
        confidence = max(match.confidence, match.act_threshold) if intent else 0.0
        categories = self._scorer.categories(evidence, intent) if intent else ()
        categories = self._second_problems(categories, intent, clauses, trace)
        if trace is not None:
            trace.append(
                f"emergency {kind.value}"
                + (f" (rule: {rule})" if rule else " (catalogue emergency phrase)")
                + f" → {intent or 'no category'}"
            )
        return dataclasses.replace(
            match,
            intent=intent,
            confidence=confidence,
            emergency=True,
            act=Act.EMERGENCY,
            emergency_kind=kind,
            categories=categories,
            alternatives=tuple(a for a in match.alternatives if a.intent != intent),
        )
