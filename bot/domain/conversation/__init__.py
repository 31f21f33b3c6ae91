"""A chat's conversation state, typed: the registration in progress, the messages kept while
registering, the report being built, album tracking, the /broadcast draft and the /new dialogue.

Pure Python, no I/O: the services load it, change it and store it as JSON per chat, so any
process can continue any conversation.
"""

from bot.domain.conversation.codec import VERSION, decode, from_json, to_json
from bot.domain.conversation.state import (
    MAX_ALBUMS,
    MAX_KEPT,
    MAX_MEDIA,
    Album,
    BroadcastDraft,
    BroadcastStep,
    Conversation,
    Dialogue,
    Kept,
    KeptMedia,
    KeptMessages,
    KeptText,
    Media,
    OnBehalfDraft,
    OnBehalfStep,
    Registration,
    RegistrationStep,
    Report,
    Scope,
)

__all__ = [
    "MAX_ALBUMS",
    "MAX_KEPT",
    "MAX_MEDIA",
    "VERSION",
    "Album",
    "BroadcastDraft",
    "BroadcastStep",
    "Conversation",
    "Dialogue",
    "Kept",
    "KeptMedia",
    "KeptMessages",
    "KeptText",
    "Media",
    "OnBehalfDraft",
    "OnBehalfStep",
    "Registration",
    "RegistrationStep",
    "Report",
    "Scope",
    "decode",
    "from_json",
    "to_json",
]
