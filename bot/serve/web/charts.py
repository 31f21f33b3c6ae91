"""Server-side SVG bar charts (no script, no CDN): each bar names its value on hover (<title>)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

BAR = 22
LABEL = 120
WIDTH = 560


def bars(pairs: Sequence[tuple[str, int]]) -> str:
    """Horizontal bars, one per (label, count), scaled to the largest."""
    top = max((n for _, n in pairs), default=0) or 1
    height = BAR * len(pairs) + 8
    rows = []
    for i, (label, n) in enumerate(pairs):
        y = 4 + i * BAR
        length = round((WIDTH - LABEL - 50) * n / top)
        name = escape(label)
        rows.append(
            f"<g><title>{name}: {n}</title>"
            f'<text x="{LABEL - 6}" y="{y + 15}" text-anchor="end">{name}</text>'
            f'<rect x="{LABEL}" y="{y + 3}" width="{length}" height="{BAR - 6}" rx="3"/>'
            f'<text x="{LABEL + length + 6}" y="{y + 15}">{n}</text></g>'
        )
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg">{"".join(rows)}</svg>'
    )


def columns(pairs: Sequence[tuple[str, int]]) -> str:
    """Vertical columns, one per (day, count), the day's label under every few columns."""
    top = max((n for _, n in pairs), default=0) or 1
    height, plot = 200, 160
    step = (WIDTH - 20) / max(1, len(pairs))
    every = max(1, len(pairs) // 7)
    cols = []
    for i, (label, n) in enumerate(pairs):
        x = 10 + i * step
        h = round(plot * n / top)
        name = escape(label)
        tick = (
            f'<text x="{x + step / 2:.1f}" y="{plot + 30}" text-anchor="middle">{name[5:]}</text>'
            if i % every == 0
            else ""
        )
        cols.append(
            f"<g><title>{name}: {n}</title>"
            f'<rect x="{x + 1:.1f}" y="{plot + 10 - h}" width="{max(1.0, step - 2):.1f}" '
            f'height="{h}" rx="2"/>{tick}</g>'
        )
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg">{"".join(cols)}</svg>'
    )
