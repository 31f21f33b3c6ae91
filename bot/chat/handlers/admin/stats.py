"""/stats [days]: an admin's figures as a message and a chart. Role checks live in access.py."""

from __future__ import annotations

import asyncio
import logging

from telegram import Update

from bot.chat.context import BotContext
from bot.chat.handlers import parsing
from bot.chat.handlers.replying import send
from bot.chat.views import charts, coverage_chart, rate_chart, texts
from bot.chat.views import rates as rates_render
from bot.chat.views import stats as stats_render
from bot.chat.views import visits as visit_views
from bot.chat.views.render import Reply
from bot.queries.stats import DEFAULT_DAYS, MAX_DAYS

log = logging.getLogger(__name__)


def parse_days(args: list[str] | None) -> int | None:
    """The period in days from the command's arguments (default 30); None if invalid."""
    if not args:
        return DEFAULT_DAYS
    days = parsing.number(args[0].removesuffix("天").removesuffix("d"), MAX_DAYS)
    return days if len(args) == 1 else None


async def stats(update: Update, context: BotContext) -> None:
    """/stats [days]: the figures for the admin's area, then the charts (tickets, rates,
    and visit coverage where households are recorded)."""
    user, chat = update.effective_user, update.effective_chat
    days = parse_days(context.args)
    if user is None or chat is None or days is None:
        await send(update, context, [Reply(texts.STATS_USAGE)])
        return
    figures = await context.services.stats.for_admin(user.id, days)
    rates = await context.services.rates.for_admin(user.id, days)
    summary = stats_render.summary(figures) + "\n" + rates_render.rates_text(rates)
    coverage = await context.services.visits.coverage_for_admin(user.id, days)
    if coverage.grids or coverage.workers:  # 进百家门: only where households are recorded
        summary += "\n\n" + visit_views.coverage(coverage)
    await send(update, context, [Reply(summary)])
    png = await asyncio.to_thread(charts.render_png, figures)
    log.info("stats for %d: %d day(s), chart %d bytes", user.id, days, len(png))
    await context.bot.send_photo(chat.id, png, caption=stats_render.caption(figures))
    scope = stats_render.scope_name(figures)
    png = await asyncio.to_thread(rate_chart.render_png, rates, scope)
    await context.bot.send_photo(chat.id, png, caption=rates_render.caption(rates, scope))
    if coverage.grids:  # 进百家门: the coverage chart, only where households are recorded
        png = await asyncio.to_thread(coverage_chart.render_png, coverage, scope)
        caption = texts.COVERAGE_CHART_CAPTION.format(scope=scope, days=days)
        await context.bot.send_photo(chat.id, png, caption=caption)
