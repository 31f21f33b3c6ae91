"""Dialogue acts and emergency kinds from cue rules (dialogue.yaml); out-of-scope topics."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, cast

import yaml

from intents.catalogue import TIERS, CatalogueError
from intents.result import Act, EmergencyKind

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML was built with it (10× faster start-up), else the pure one."""

__all__ = ["DEFAULT_DIALOGUE", "Dialogue", "Rule", "load_dialogue"]

DEFAULT_DIALOGUE = Path(__file__).with_name("dialogue.yaml")
_KIND_ORDER = (
    EmergencyKind.SCAM,
    EmergencyKind.GAS,
    EmergencyKind.FIRE,
    EmergencyKind.TRAPPED,
    EmergencyKind.VIOLENCE,
    EmergencyKind.MEDICAL,
)
_GROUPS = ("follow_up", "ask_info", "ask", "request", "praise")
_LISTS = ("resolved", "thanks", "greeting", "report")


def _alternation(words: Iterable[str]) -> re.Pattern[str]:
    ordered = sorted({w.strip().lower() for w in words if w.strip()}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, ordered)) if ordered else r"(?!)")


@dataclass(frozen=True, slots=True)
class Rule:
    """Parts that must all occur in a text; each part is a set of alternatives."""

    source: str
    parts: tuple[re.Pattern[str], ...]

    @classmethod
    def parse(cls, source: str) -> Rule:
        """Parse 'a|b+c|d'."""
        return cls(source, tuple(_alternation(p.split("|")) for p in source.split("+")))

    def match(self, text: str) -> bool:
        """True when every part occurs in the text."""
        return all(p.search(text) for p in self.parts)

    def find(self, text: str) -> str | None:
        """The words that matched each part ('a+c'), or None when a part is missing."""
        words = []
        for part in self.parts:
            found = part.search(text)
            if found is None:
                return None
            words.append(found.group())
        return "+".join(words)


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Rules of one group: the one-part rules merged into a single pattern (fast), the rest."""

    single: re.Pattern[str]
    multi: tuple[Rule, ...]

    def find(self, text: str) -> str | None:
        """The words of the first rule that matches, or None."""
        found = self.single.search(text)
        if found is not None:
            return found.group()
        for rule in self.multi:
            words = rule.find(text)
            if words is not None:
                return words
        return None


def _rules(value: object, where: str) -> RuleSet:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise CatalogueError(f"dialogue: field {where!r} must be a list of rules")
    rules = [Rule.parse(str(v)) for v in value]
    single = [str(v) for v in value if "+" not in str(v)]
    return RuleSet(
        _alternation(w for v in single for w in v.split("|")),
        tuple(r for r in rules if len(r.parts) > 1),
    )


def _words(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise CatalogueError(f"dialogue: field {where!r} must be a list of phrases")
    return tuple(str(v).strip().lower() for v in value if str(v).strip())


@dataclass(frozen=True, slots=True)
class Dialogue:
    """Compiled cues: emergency kinds, acts, and the out-of-scope topics' phrases by tier."""

    kinds: Mapping[EmergencyKind, RuleSet]
    trigger: re.Pattern[str]
    kind_category: Mapping[EmergencyKind, str]
    calm: re.Pattern[str]
    calm_message_cue: re.Pattern[str]
    not_fire: re.Pattern[str]
    out_of_scope: Mapping[str, tuple[str, ...]]
    groups: Mapping[str, RuleSet]
    lists: Mapping[str, re.Pattern[str]]
    acknowledge: re.Pattern[str]
    question_end: tuple[str, ...]

    def emergency(self, clauses: list[str]) -> tuple[EmergencyKind | None, str]:
        """The kind of emergency in progress (None if none) and the rule that said so."""
        if not any(self.trigger.search(c) for c in clauses):
            return None, ""  # the fast path: no emergency word at all
        live = [c for c in clauses if not self.calm.search(c)]
        if not live or self.calm_message(clauses):
            return None, ""
        text = "，".join(live)
        for kind in _KIND_ORDER:
            if kind is EmergencyKind.FIRE and self.not_fire.search(text):
                continue
            rules = self.kinds.get(kind)
            words = rules.find(text) if rules is not None else None
            if words is not None:
                return kind, words
        return None, ""

    def vetoes(self, kind: EmergencyKind, clauses: list[str]) -> bool:
        """True when the cues say a message is no emergency of this kind (prevention, a worry
        or the past in every clause, or smoke that is only someone smoking)."""
        live = [c for c in clauses if not self.calm.search(c)]
        if not live or self.calm_message(clauses):
            return True
        return kind is EmergencyKind.FIRE and bool(self.not_fire.search("，".join(live)))

    def calm_message(self, clauses: list[str]) -> bool:
        """True when the message asks about prevention (no emergency anywhere in it)."""
        return any(self.calm_message_cue.search(c) for c in clauses)

    def category_of(self, kind: EmergencyKind) -> str | None:
        """The intent an emergency of this kind belongs to."""
        return self.kind_category.get(kind)

    def cue(self, group: str, text: str) -> str | None:
        """The first rule (or phrase) of a group that occurs in the text."""
        if group in self.lists:
            found = self.lists[group].search(text)
            return found.group() if found else None
        rules = self.groups.get(group)
        return rules.find(text) if rules is not None else None

    def acknowledges(self, clauses: list[str]) -> bool:
        """True when every clause is a bare acknowledgement ('好的', '收到', 'ok')."""
        return bool(clauses) and all(
            self.acknowledge.fullmatch(c.replace(" ", "")) for c in clauses
        )

    def is_question(self, raw: str, clauses: list[str]) -> bool:
        """A question mark, or a clause ending in a question particle."""
        if "?" in raw or "？" in raw:
            return True
        return any(c.endswith(self.question_end) for c in clauses)


def load_dialogue(path: Path | None = None) -> Dialogue:
    """Read and compile the dialogue cues (default: the file shipped with this package)."""
    path = path or DEFAULT_DIALOGUE
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogueError(f"cannot read dialogue cues {path}: {exc}") from exc
    if not isinstance(raw, dict):
        raise CatalogueError("dialogue: the file must be a mapping")
    doc = cast(dict[str, Any], raw)
    kinds_doc = cast(dict[str, Any], doc.get("kinds") or {})
    acts = cast(dict[str, Any], doc.get("acts") or {})
    scope = cast(dict[str, Any], doc.get("out_of_scope") or {})
    try:
        kinds = {EmergencyKind(k): _rules(v, f"kinds.{k}") for k, v in kinds_doc.items()}
        categories = {
            EmergencyKind(k): str(v)
            for k, v in cast(dict[str, Any], doc.get("kind_category") or {}).items()
        }
    except ValueError as exc:
        raise CatalogueError(f"dialogue: unknown emergency kind ({exc})") from exc
    firsts = (str(r).split("+", 1)[0].split("|") for v in kinds_doc.values() for r in v)
    return Dialogue(
        kinds=MappingProxyType(kinds),
        trigger=_alternation(w for words in firsts for w in words),
        kind_category=MappingProxyType(categories),
        calm=_alternation(_words(doc.get("calm", []), "calm")),
        calm_message_cue=_alternation(_words(doc.get("calm_message", []), "calm_message")),
        not_fire=_alternation(_words(doc.get("not_fire", []), "not_fire")),
        out_of_scope=MappingProxyType(
            {t: _words(scope.get(t, []), f"out_of_scope.{t}") for t in TIERS}
        ),
        groups=MappingProxyType({g: _rules(acts.get(g, []), f"acts.{g}") for g in _GROUPS}),
        lists=MappingProxyType(
            {g: _alternation(_words(acts.get(g, []), f"acts.{g}")) for g in _LISTS}
        ),
        acknowledge=re.compile(
            f"(?:{_alternation(_words(acts.get('acknowledge', []), 'acts.acknowledge')).pattern})+"
        ),
        question_end=_words(acts.get("question_end", []), "acts.question_end"),
    )


def dialogue_act(
    dialogue: Dialogue, raw: str, clauses: list[str], problem: bool, info: bool
) -> tuple[Act, str]:
    """The dialogue act of a message that is not an emergency, and the cue that decided it."""
    text = "，".join(clauses)
    follow = dialogue.cue("follow_up", text)
    if follow:
        return Act.FOLLOW_UP, follow
    praise = dialogue.cue("praise", text)
    if praise:
        return Act.THANKS, praise
    resolved = dialogue.cue("resolved", text)
    thanks = dialogue.cue("thanks", text)
    if resolved and (thanks or not problem):
        return Act.THANKS, f"{resolved}+{thanks}" if thanks else resolved
    if problem:
        return _problem_act(dialogue, raw, clauses, text, info)
    return _other_act(dialogue, raw, clauses, text)


def _problem_act(
    dialogue: Dialogue, raw: str, clauses: list[str], text: str, info: bool
) -> tuple[Act, str]:
    """A message that names a problem: a report, or a question for information (for the info
    intents any question; for the others one that asks for information, not for action)."""
    if info:
        asked = dialogue.cue("ask", text)
        if asked or dialogue.is_question(raw, clauses):
            return Act.ASK, asked or "?"
        return Act.REPORT, ""
    request = dialogue.cue("request", text)
    if request:
        return Act.REPORT, request
    asked = dialogue.cue("ask_info", text)
    if asked or dialogue.is_question(raw, clauses):
        return Act.ASK, asked or "?"
    return Act.REPORT, ""


def _other_act(dialogue: Dialogue, raw: str, clauses: list[str], text: str) -> tuple[Act, str]:
    """A message without a problem: thanks, greeting, a question, or a report of something else."""
    if dialogue.acknowledges(clauses):
        return Act.THANKS, text
    asked = dialogue.cue("ask_info", text)
    thanks = dialogue.cue("thanks", text) or dialogue.cue("resolved", text)
    if thanks and not asked:
        return Act.THANKS, thanks
    greeting = dialogue.cue("greeting", text)
    if greeting and not asked:
        return Act.GREETING, greeting
    if asked:
        return Act.ASK, asked
    reported = dialogue.cue("report", text)
    if reported:
        return Act.REPORT, reported
    if dialogue.cue("ask", text) or dialogue.is_question(raw, clauses):
        return Act.ASK, "?"
    if len(text) <= 6:
        return Act.GREETING, ""
    return Act.REPORT, ""
