"""The typed conversation state: pure operations and JSON that never crashes on bad rows."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from bot.domain.conversation import (
    MAX_ALBUMS,
    MAX_KEPT,
    MAX_MEDIA,
    Album,
    BroadcastDraft,
    BroadcastStep,
    Conversation,
    Dialogue,
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
    decode,
    from_json,
    to_json,
)

PHOTO = Media("photo", "AgAD-1", "u1", media_group_id="g1")
SPOT = Media("location", latitude=31.7, longitude=119.9)
FULL = Conversation(
    registration=Registration(RegistrationStep.GRID, "cailing"),
    kept=KeptMessages((KeptText("楼道堆物"), KeptMedia(PHOTO, "看这里")), dropped=2),
    report=Report("门口乱停车", (PHOTO, SPOT)),
    albums=(Album("g1", 7), Album("g2")),
    broadcast=BroadcastDraft(BroadcastStep.TEXT, Scope.BUILDING, "cailing", "3号楼", None, "F1"),
    on_behalf=OnBehalfDraft(OnBehalfStep.TEXT, None, 5, "5号楼2单元301", "钱大爷", None, "repair"),
)


def _through_json(conversation: Conversation) -> Conversation:
    return from_json(json.loads(json.dumps(to_json(conversation), ensure_ascii=False)))


def test_every_part_survives_json() -> None:
    assert _through_json(FULL) == FULL
    assert decode(to_json(FULL)) == (FULL, ())
    for part in ("registration", "kept", "report", "albums", "broadcast", "on_behalf"):
        only = Conversation(**{part: getattr(FULL, part)})
        assert _through_json(only) == only


def test_an_empty_conversation_is_no_row() -> None:
    assert Conversation().empty and to_json(Conversation()) is None
    assert from_json(None) == Conversation() and decode(None) == (Conversation(), ())
    assert not FULL.empty


def test_kept_messages_accumulate_and_count_what_did_not_fit() -> None:
    state = Conversation()
    for n in range(MAX_KEPT + 3):
        state = state.keep(KeptText(f"第{n}条"))
    assert [k.text for k in state.kept.items if isinstance(k, KeptText)][:2] == ["第0条", "第1条"]
    assert len(state.kept.items) == MAX_KEPT and state.kept.dropped == 3
    assert _through_json(state) == state


def test_one_dialogue_never_overwrites_another() -> None:
    state = FULL.with_report_text("新的一条").report_dropped().keep(KeptText("又一条"))
    assert state.registration == FULL.registration and state.broadcast == FULL.broadcast
    assert state.kept.items[-1] == KeptText("又一条") and len(state.kept.items) == 3
    assert state.report == Report() and state.albums == ()


def test_report_media_are_bounded() -> None:
    state = Conversation()
    for _ in range(MAX_MEDIA + 5):
        state = state.with_report_media(PHOTO)
    assert len(state.report.media) == MAX_MEDIA


def test_albums_follow_the_ticket_that_was_filed() -> None:
    state = Conversation().track_album("a", None).track_album("b", 3).track_album(None, 9)
    assert state.album("a") == Album("a") and state.album("b") == Album("b", 3)
    assert state.album(None) is None and state.album("zz") is None
    filed = state.with_report_text("x").report_filed(8)
    assert filed.albums == (Album("a", 8), Album("b", 3)) and filed.report == Report()
    assert state.report_filed(None).albums == (Album("b", 3),)  # nothing filed: no fate
    for n in range(MAX_ALBUMS + 2):
        state = state.track_album(f"g{n}", n)
    assert len(state.albums) == MAX_ALBUMS and state.albums[-1] == Album("g6", 6)
    assert state.track_album("g3", None).albums[-1] == Album("g3")  # re-tracked: newest


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (Conversation(), None),
        (Conversation(registration=Registration(RegistrationStep.ADDRESS)), Dialogue.REGISTRATION),
        (FULL, Dialogue.BROADCAST),
        (Conversation(broadcast=BroadcastDraft(BroadcastStep.BUILDING)), Dialogue.BROADCAST),
        (Conversation(broadcast=BroadcastDraft(BroadcastStep.RECEIPT)), None),
        (Conversation(on_behalf=OnBehalfDraft(OnBehalfStep.NAME)), Dialogue.ON_BEHALF),
        (Conversation(on_behalf=OnBehalfDraft(OnBehalfStep.CATEGORY)), None),
        (
            Conversation(
                registration=Registration(RegistrationStep.PHONE),
                broadcast=BroadcastDraft(BroadcastStep.AUDIENCE),
            ),
            Dialogue.REGISTRATION,
        ),
    ],
)
def test_who_takes_the_next_text(state: Conversation, expected: Dialogue | None) -> None:
    assert state.expecting() == expected


GOOD: dict[str, Any] = to_json(FULL) or {}


@pytest.mark.parametrize(
    ("data", "bad"),
    [
        ("not a dict", ("version",)),
        ({"step": "community", "pending": ["old layout"]}, ("version",)),
        ({**GOOD, "v": 99}, ("version",)),
        ({**GOOD, "registration": {"step": "idle"}}, ("registration",)),
        ({**GOOD, "registration": "community"}, ("registration",)),
        ({**GOOD, "kept": {"items": [{"text": 5}]}}, ("kept",)),
        ({**GOOD, "kept": {"items": [{"media": {"kind": "video", "file_id": "x"}}]}}, ("kept",)),
        ({**GOOD, "kept": {"items": [], "dropped": True}}, ("kept",)),
        ({**GOOD, "report": {"media": [{"kind": "location", "latitude": "31"}]}}, ("report",)),
        ({**GOOD, "report": {"media": [{"kind": "photo"}]}}, ("report",)),
        ({**GOOD, "albums": {"g1": 3}}, ("albums",)),
        ({**GOOD, "albums": [{"group": "g1", "ticket": "3"}]}, ("albums",)),
        ({**GOOD, "broadcast": {"step": "text", "scope": "everyone"}}, ("broadcast",)),
        ({**GOOD, "broadcast": {"scope": "all"}}, ("broadcast",)),
        ({**GOOD, "report": None, "albums": None}, ()),
    ],
)
def test_garbled_parts_are_reset_and_named(data: object, bad: tuple[str, ...]) -> None:
    conversation, problems = decode(data)
    assert problems == bad
    if bad == ("version",):
        assert conversation == Conversation()
        return
    for part in ("registration", "kept", "report", "albums", "broadcast", "on_behalf"):
        default = getattr(Conversation(), part)
        expected = default if part in bad or data[part] is None else getattr(FULL, part)  # type: ignore[index]
        assert getattr(conversation, part) == expected


def _garble(value: Any, rng: random.Random) -> Any:
    """The value with one random node replaced by junk."""
    junk = [None, True, -1, 2.5, "", "x", [], {}, [1, "a"], {"kind": "photo"}]
    if isinstance(value, dict) and value and rng.random() < 0.8:
        key = rng.choice(list(value))
        return {**value, key: _garble(value[key], rng)}
    if isinstance(value, list) and value and rng.random() < 0.8:
        i = rng.randrange(len(value))
        return [*value[:i], _garble(value[i], rng), *value[i + 1 :]]
    return rng.choice(junk)


def test_random_garbling_never_crashes() -> None:
    rng = random.Random(10)
    for _ in range(2000):
        conversation, _ = decode(_garble(GOOD, rng))
        assert isinstance(conversation, Conversation)
        assert _through_json(conversation) == conversation  # what was read can be written
