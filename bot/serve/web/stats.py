"""统计 for admins: the /stats figures (``StatsService``), SVG charts, CSV and XLSX downloads."""

from __future__ import annotations

import io
from datetime import timedelta

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.chat.views import report
from bot.chat.views.stats import grid_name, intent_label, summary
from bot.queries.stats import Stats
from bot.serve.web import charts
from bot.serve.web.console import Console, guard
from bot.services.web_access import WebUser

PERIODS = (7, 30, 90, 366)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _days(request: Request) -> int:
    value = request.query_params.get("days", "30")
    return int(value) if value.isdecimal() and 1 <= int(value) <= 366 else 30


async def _stats(request: Request, console: Console, user: WebUser) -> Stats | None:
    """The figures of the admin's areas, or None for a worker (like /stats)."""
    if not user.actor.is_admin:
        return None
    return await console.services.stats.for_admin(user.actor.telegram_id, _days(request))


async def page(request: Request, console: Console, user: WebUser) -> Response:
    """The figures, then charts per day, grid and category."""
    stats = await _stats(request, console, user)
    if stats is None:
        return console.refusal(request, "forbidden", 403, user)
    daily = []
    for n in range(stats.days):
        day = stats.first_day + timedelta(days=n)
        daily.append((day.isoformat(), sum(stats.daily.get(day, {}).values())))
    figures = Markup(summary(stats))  # Telegram's HTML subset: <b> and escaped text only
    return console.render(
        request, "stats.html", user=user, stats=stats, figures=figures, periods=PERIODS,
        daily=Markup(charts.columns(daily)),
        grids=Markup(charts.bars([(grid_name(c), c.count) for c in stats.by_grid])),
        intents=Markup(charts.bars([(intent_label(c), c.count) for c in stats.by_intent])),
    )  # fmt: skip


async def download(request: Request, console: Console, user: WebUser) -> Response:
    """The figures as CSV (UTF-8 with BOM, opens in Excel) or XLSX."""
    if request.path_params["kind"] not in ("csv", "xlsx"):
        return console.refusal(request, "not_found", 404, user)
    stats = await _stats(request, console, user)
    if stats is None:
        return console.refusal(request, "forbidden", 403, user)
    name = f"gridbot-stats-{stats.last_day.isoformat()}-{stats.days}d"
    if request.path_params["kind"] == "xlsx":
        data = io.BytesIO()
        report.write_xlsx(stats, data)
        body, media = data.getvalue(), XLSX
    else:
        text = io.StringIO()
        report.write_csv(stats, text)
        body, media = ("\ufeff" + text.getvalue()).encode(), "text/csv; charset=utf-8"
    disposition = f'attachment; filename="{name}.{request.path_params["kind"]}"'
    return Response(body, media_type=media, headers={"Content-Disposition": disposition})


def routes() -> list[Route]:
    """The statistics page and its downloads."""
    return [
        Route("/stats", guard(page), methods=["GET"]),
        Route("/stats.{kind:str}", guard(download), methods=["GET"]),
    ]
