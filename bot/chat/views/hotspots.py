"""Hotspots as an admin reads them (/hotspots) and as ``gridbot report`` labels them."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from bot.chat.views import keyboards, texts
from bot.chat.views.parts import Part, texts_of
from bot.chat.views.render import esc
from bot.domain.hotspots import Kind, Thresholds
from bot.queries.hotspots import HotspotView
from bot.queries.notifications import Facts

SHOWN_TICKETS = 12


def place(spot: HotspotView) -> str:
    """第二网格 3号楼, or the grid alone."""
    grid = spot.grid or texts.NOT_SET
    return f"{grid} {spot.building}" if spot.building else grid


def count(spot: HotspotView) -> str:
    """How big it is, in the words of its kind."""
    template = texts.HOTSPOT_COUNT[spot.kind.value]
    return template.format(households=spot.households, tickets=len(spot.tickets))


def label(spot: HotspotView) -> str:
    """One line of plain text: kind · category · place · size (``gridbot report``)."""
    kind = texts.HOTSPOT_KINDS[spot.kind.value]
    return f"{kind} · {spot.intent_name} · {place(spot)} · {count(spot)}"


def tickets(spot: HotspotView) -> str:
    """#3、#7、… (the first dozen, then how many more)."""
    shown = "、".join(f"#{t}" for t in spot.tickets[:SHOWN_TICKETS])
    more = len(spot.tickets) - SHOWN_TICKETS
    return shown + (texts.HOTSPOT_MORE.format(more=more) if more > 0 else "")


def listing(spots: list[HotspotView], limits: Thresholds) -> str:
    """Every hotspot by kind, numbered (the reply path splits a long list)."""
    days = limits.window.days
    if not spots:
        return texts.HOTSPOTS_EMPTY.format(days=days)
    header = texts.HOTSPOTS_HEADER.format(
        days=days, households=limits.households, repeats=limits.repeats
    )
    return "\n".join([header, *_lines(spots, [False] * len(spots)), texts.HOTSPOTS_FOOTER])


def news(spots: list[HotspotView], limits: Thresholds, grown: list[bool]) -> str:
    """The daily watch: hotspots new (or doubled) since the last run, as /hotspots lists them."""
    header = texts.HOTSPOTS_NEW_HEADER.format(
        days=limits.window.days, households=limits.households, repeats=limits.repeats
    )
    return "\n".join([header, *_lines(spots, grown), texts.HOTSPOTS_NEW_FOOTER])


def _lines(spots: list[HotspotView], grown: list[bool]) -> list[str]:
    lines = []
    for n, spot in enumerate(spots, 1):
        if n == 1 or spots[n - 2].kind is not spot.kind:
            lines.append(texts.HOTSPOTS_SECTION.format(kind=texts.HOTSPOT_KINDS[spot.kind.value]))
        line = texts.HOTSPOT_LINE.format(
            n=n,
            intent=esc(spot.intent_name or texts.OTHER_INTENT_NAME),
            place=esc(place(spot)),
            count=count(spot),
            tickets=tickets(spot),
        )
        lines.append(line + (texts.HOTSPOT_GROWN if n <= len(grown) and grown[n - 1] else ""))
    return lines


def raise_buttons(spots: list[HotspotView]) -> list[tuple[int, str, int]]:
    """(number, kind, first ticket) of the first ten listed, for the 列入每月一题 buttons."""
    return [(n, s.kind.value, s.tickets[0]) for n, s in enumerate(spots[:10], 1) if s.tickets]


def announcement(f: Facts, tz: tzinfo, now: datetime) -> list[Part]:
    """The daily watch's message to an admin: the new hotspots, with 列入每月一题 buttons."""
    spots = list(f.hotspots)
    if not spots:
        return texts_of(texts.HOTSPOTS_NEW_GONE)
    households, repeats, days = (int(v) for v in f.params.get("limits") or (3, 3, 30))
    limits = Thresholds(households, repeats, timedelta(days=days))
    grown = [bool(s.get("grown")) for s in f.params.get("hotspots") or ()]
    markup = keyboards.agenda_raise(raise_buttons(spots))
    return texts_of(news(spots, limits, grown), markup)


__all__ = [
    "Kind",
    "announcement",
    "count",
    "label",
    "listing",
    "news",
    "place",
    "raise_buttons",
    "tickets",
]
