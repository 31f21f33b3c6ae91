"""What the engine answers: category, confidence, dialogue act, emergency kind, evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum, StrEnum

__all__ = ["Act", "Alternative", "Decision", "EmergencyKind", "IntentMatch", "decide"]


class Decision(Enum):
    """What the bot should do with a match."""

    ACT = "act"
    CONFIRM = "confirm"
    UNKNOWN = "unknown"


class Act(StrEnum):
    """What the resident is doing with the message (the dialogue act)."""

    REPORT = "report"
    ASK = "ask"
    FOLLOW_UP = "follow_up"
    THANKS = "thanks"
    GREETING = "greeting"
    EMERGENCY = "emergency"


class EmergencyKind(StrEnum):
    """Which safety line comes first."""

    FIRE = "fire"
    GAS = "gas"
    MEDICAL = "medical"
    SCAM = "scam"
    VIOLENCE = "violence"
    TRAPPED = "trapped"


@dataclass(frozen=True, slots=True)
class Alternative:
    """Another intent the message might mean."""

    intent: str
    confidence: float


@dataclass(frozen=True, slots=True)
class IntentMatch:
    """The engine's answer: best intent (or None), confidence, alternatives, act and emergency.

    categories lists every problem found, in the order the resident mentioned them (the
    main intent among them); evidence is the readable trail behind the answer (`--explain`).
    """

    intent: str | None
    confidence: float
    alternatives: tuple[Alternative, ...] = ()
    emergency: bool = False
    act_threshold: float = field(default=0.72, repr=False, compare=False)
    confirm_threshold: float = field(default=0.40, repr=False, compare=False)
    act: Act = Act.REPORT
    emergency_kind: EmergencyKind | None = None
    categories: tuple[str, ...] = ()
    evidence: tuple[str, ...] = field(default=(), repr=False, compare=False)

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
