"""chat_states: one row per chat while something is going on, written optimistically so a
write that lost a race fails instead of overwriting."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from bot.bootstrap import Services
from storage.conversation_repo import StaleState, StoredState
from storage.models import Resident
from storage.uow import unit_of_work

CHAT = 2001
ONE = {"v": 1, "report": {"text": "楼道堆物", "media": []}}
TWO = {"v": 1, "report": {"text": "门口乱停车", "media": []}}


async def _read(services: Services, chat_id: int = CHAT) -> StoredState:
    async with unit_of_work(services.sessions) as repos:
        return await repos.conversations.get(chat_id)


async def _put(services: Services, read: StoredState, data: dict[str, object] | None) -> None:
    async with unit_of_work(services.sessions) as repos:
        await repos.conversations.put(read, data)


@contextmanager
def statements(services: Services) -> Iterator[list[str]]:
    """The SQL statements run meanwhile."""
    seen: list[str] = []

    def record(*args: object) -> None:
        seen.append(str(args[2]))

    event.listen(services.engine.sync_engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(services.engine.sync_engine, "before_cursor_execute", record)


async def test_insert_update_and_delete_with_versions(services: Services) -> None:
    assert await _read(services) == StoredState(CHAT)
    await _put(services, await _read(services), ONE)
    first = await _read(services)
    assert (first.data, first.version) == (ONE, 1)
    await _put(services, first, TWO)
    second = await _read(services)
    assert (second.data, second.version) == (TWO, 2)
    await _put(services, second, None)
    assert await _read(services) == StoredState(CHAT)
    await _put(services, StoredState(CHAT), None)  # nothing to delete: nothing written


async def test_a_write_that_lost_a_race_fails_instead_of_overwriting(services: Services) -> None:
    nothing = await _read(services)
    await _put(services, nothing, ONE)
    with pytest.raises(StaleState):  # both saw no row: the second insert loses
        await _put(services, nothing, TWO)
    seen = await _read(services)
    await _put(services, seen, TWO)
    with pytest.raises(StaleState):  # both read version 1: the second update loses
        await _put(services, seen, ONE)
    with pytest.raises(StaleState):  # and so does a delete of what is no longer there
        await _put(services, seen, None)
    assert (await _read(services)).data == TWO


async def test_resident_and_their_chat_in_one_statement(services: Services) -> None:
    async with unit_of_work(services.sessions) as repos:
        repos.residents.add(Resident(telegram_id=CHAT, display_name="王阿姨"))
    await _put(services, await _read(services), ONE)
    async with unit_of_work(services.sessions) as repos:
        with statements(services) as seen:
            resident, state = await repos.conversations.with_resident(CHAT)
        assert len(seen) == 1
        assert resident is not None and resident.display_name == "王阿姨"
        assert (state.data, state.version) == (ONE, 1)
        nobody, theirs = await repos.conversations.with_resident(4001)  # an admin, say
        assert nobody is None and theirs == StoredState(4001)


async def test_erase_whatever_is_there(services: Services) -> None:
    await _put(services, await _read(services), ONE)
    async with unit_of_work(services.sessions) as repos:
        assert await repos.conversations.erase(CHAT) == 1
        assert await repos.conversations.erase(CHAT) == 0
    assert await _read(services) == StoredState(CHAT)
