"""The daily watch's "new since the last run" rule (bot.domain.hotspot_alerts)."""

from __future__ import annotations

from bot.domain.hotspot_alerts import Announced, Key, key, news
from bot.domain.hotspots import Hotspot, Kind, Thresholds

LIMITS = Thresholds(households=3, repeats=3)


def crowd(households: int, building: str | None = None, grid: int | None = 2) -> Hotspot:
    """多人同诉 about parking."""
    return Hotspot(Kind.CROWD, "parking", grid, building, households, (1, 2))


def test_the_key_is_kind_category_and_place() -> None:
    assert key(crowd(3, "3号楼")) == Key("crowd", "parking", 2, "3号楼")
    assert key(crowd(3, None, None)) == Key("crowd", "parking", 0, "")
    assert key(crowd(3, "3号楼")) != key(crowd(3, "8号楼"))


def test_a_hotspot_never_announced_is_news() -> None:
    [item] = news([crowd(3)], {}, LIMITS)
    assert (item.size, item.doubled, item.grown) == (3, False, False)


def test_a_hotspot_announced_is_not_news_until_it_reaches_twice_the_threshold() -> None:
    seen = {key(crowd(3)): Announced(3, doubled=False)}
    assert news([crowd(3)], seen, LIMITS) == []
    assert news([crowd(5)], seen, LIMITS) == []  # grown, but 5 < 2 × 3
    [item] = news([crowd(6)], seen, LIMITS)
    assert (item.size, item.doubled, item.grown) == (6, True, True)
    doubled = {key(crowd(3)): Announced(6, doubled=True)}
    assert news([crowd(12)], doubled, LIMITS) == []  # told of its doubling once only


def test_found_already_doubled_it_is_told_once_as_new() -> None:
    [item] = news([crowd(7)], {}, LIMITS)
    assert (item.doubled, item.grown) == (True, False)
    assert news([crowd(9)], {item.key: Announced(7, doubled=True)}, LIMITS) == []


def test_repeats_and_recurrences_grow_by_their_reports() -> None:
    repeat = Hotspot(Kind.REPEAT, "noise", 2, "3号楼", 1, (1, 2, 3))
    recur = Hotspot(Kind.RECUR, "noise", 2, "3号楼", 2, (4, 5))
    seen = {key(repeat): Announced(3, False), key(recur): Announced(2, False)}
    assert news([repeat, recur], seen, LIMITS) == []
    bigger = [
        Hotspot(Kind.REPEAT, "noise", 2, "3号楼", 1, (1, 2, 3, 6, 7, 8)),
        Hotspot(Kind.RECUR, "noise", 2, "3号楼", 2, (4, 5, 9, 10)),
    ]
    assert [(n.key.kind, n.size, n.grown) for n in news(bigger, seen, LIMITS)] == [
        ("repeat", 6, True),
        ("recur", 4, True),
    ]


def test_one_key_is_told_once_per_run() -> None:
    one = Hotspot(Kind.REPEAT, "noise", 2, "3号楼", 1, (1, 2, 3))
    other = Hotspot(Kind.REPEAT, "noise", 2, "3号楼", 1, (4, 5, 6, 7))  # a neighbour, same building
    assert [n.hotspot for n in news([one, other], {}, LIMITS)] == [one]
