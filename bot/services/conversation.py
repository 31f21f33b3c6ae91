"""A chat's typed conversation inside a unit of work: load it, change it, save it; and retry
a service call whose save lost a race with another process on the same chat."""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

from bot.domain.conversation import Conversation, decode, to_json
from storage.conversation_repo import StaleState, StoredState
from storage.models import Resident
from storage.repos import Repos

log = logging.getLogger(__name__)

ATTEMPTS = 5
P = ParamSpec("P")
R = TypeVar("R")


@dataclass
class Loaded:
    """A chat's conversation as read (``read``) and as changed so far (``state``)."""

    read: StoredState
    original: Conversation
    state: Conversation
    garbled: bool = False

    @property
    def changed(self) -> bool:
        """Whether the stored row must be rewritten."""
        return self.garbled or self.state != self.original


def _loaded(read: StoredState) -> Loaded:
    state, problems = decode(read.data)
    if problems:
        log.warning("chat %d: unreadable conversation state reset (%s)", read.chat_id, problems)
    return Loaded(read, state, state, garbled=bool(problems))


async def load(repos: Repos, chat_id: int) -> Loaded:
    """The chat's conversation (empty when none is stored)."""
    return _loaded(await repos.conversations.get(chat_id))


async def load_with_resident(repos: Repos, telegram_id: int) -> tuple[Resident | None, Loaded]:
    """The resident (if any) and the conversation of their private chat, in one read."""
    resident, read = await repos.conversations.with_resident(telegram_id)
    return resident, _loaded(read)


async def save(repos: Repos, loaded: Loaded) -> None:
    """Store the changed conversation (nothing is written when it did not change).

    Raises ``StaleState`` when another transaction changed the chat since it was read."""
    if loaded.changed:
        await repos.conversations.put(loaded.read, to_json(loaded.state))


def retrying(call: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
    """Run a service call (its own unit of work) again when its save lost a race."""

    @functools.wraps(call)
    async def attempt(*args: P.args, **kwargs: P.kwargs) -> R:
        for n in range(1, ATTEMPTS + 1):
            try:
                return await call(*args, **kwargs)
            except StaleState as exc:
                if n == ATTEMPTS:
                    raise
                log.info("chat %s changed meanwhile; %s again", exc, call.__name__)
        raise AssertionError("unreachable")

    return attempt
