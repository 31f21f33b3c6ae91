"""Hotspots as an admin reads them (/hotspots) and as ``gridbot report`` labels them."""

from __future__ import annotations

from bot.chat.views import texts
from bot.chat.views.render import esc
from bot.domain.hotspots import Kind, Thresholds
from bot.queries.hotspots import HotspotView

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
    lines = [
        texts.HOTSPOTS_HEADER.format(
            days=days, households=limits.households, repeats=limits.repeats
        )
    ]
    for n, spot in enumerate(spots, 1):
        if n == 1 or spots[n - 2].kind is not spot.kind:
            lines.append(texts.HOTSPOTS_SECTION.format(kind=texts.HOTSPOT_KINDS[spot.kind.value]))
        lines.append(
            texts.HOTSPOT_LINE.format(
                n=n,
                intent=esc(spot.intent_name or texts.OTHER_INTENT_NAME),
                place=esc(place(spot)),
                count=count(spot),
                tickets=tickets(spot),
            )
        )
    return "\n".join([*lines, texts.HOTSPOTS_FOOTER])


__all__ = ["Kind", "count", "label", "listing", "place", "tickets"]
