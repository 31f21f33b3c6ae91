"""What a resident's message comes to: the outcomes the handler renders, and the inputs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.domain.conversation import Dialogue, Media, RegistrationStep
from bot.services.views import TicketView
from intents import Catalogue, Matcher

__all__ = [
    "Appended",
    "Attached",
    "Choice",
    "Confirm",
    "Elsewhere",
    "Empty",
    "InfoAnswer",
    "MatcherSource",
    "Media",
    "NeedsDescription",
    "NotUnderstood",
    "Offered",
    "Opened",
    "Outcome",
    "Unregistered",
]


@dataclass(frozen=True)
class Choice:
    """A category a resident can pick."""

    key: str
    name: str


@dataclass(frozen=True)
class Opened:
    """A new ticket; ``safety`` is the emergency line to show first, if any."""

    ticket: TicketView
    safety: str | None = None


@dataclass(frozen=True)
class Appended:
    """The message went to an open ticket of the same kind (duplicate help).

    ``safety`` is the emergency line to show first (a repeated emergency joins the open
    urgent ticket); ``limited`` says it joined the latest ticket because the resident has
    opened as many new tickets this hour as the limit allows."""

    ticket: TicketView
    safety: str | None = None
    limited: bool = False


@dataclass(frozen=True)
class Confirm:
    """Unsure: ask the resident to pick among these."""

    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class NotUnderstood:
    """No intent: offer every category, 其他问题 and 算了."""

    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class InfoAnswer:
    """A self-service answer (一次性告知), with a follow-up id for 已解决 / 还需要人工帮助."""

    request_id: int
    intent_name: str
    answer: str


@dataclass(frozen=True)
class Attached:
    """A photo or location joined a ticket; ``quiet`` for later photos of the same album."""

    ticket: TicketView
    kind: str
    quiet: bool = False


@dataclass(frozen=True)
class NeedsDescription:
    """A photo or location without words: ask for a short description."""

    kind: str
    quiet: bool = False


@dataclass(frozen=True)
class Empty:
    """Nothing to read (only emoji, spaces, punctuation)."""


@dataclass(frozen=True)
class Unregistered:
    """The sender is not registered yet, or is in the middle of registering (``step``)."""

    step: RegistrationStep | None


@dataclass(frozen=True)
class Elsewhere:
    """The chat is in another dialogue that takes this message (the /broadcast draft)."""

    dialogue: Dialogue


@dataclass(frozen=True)
class Offered:
    """我也遇到: a neighbour already reported this; join their ticket or file a new one.

    The message (and any photos) waits in the conversation for the resident's choice."""

    ticket: TicketView
    households: int


Outcome = (
    Opened
    | Appended
    | Confirm
    | NotUnderstood
    | InfoAnswer
    | Attached
    | NeedsDescription
    | Empty
    | Offered
)


class MatcherSource(Protocol):
    """Where the matcher comes from (built lazily by the container)."""

    @property
    def matcher(self) -> Matcher:
        """The intent matcher."""
        ...

    catalogue: Catalogue
