"""Composition root: build the PTB Application from settings and services.

The handler table (``handler_table``) is the one list of everything the bot answers: each
handler in dispatch order with the level it needs (``access.Level``: resident, worker,
admin) and the lowest level whose command menu lists it. The access gate (who may use which
command or button) and the per-role command menus are derived from it; the menus' wording
stays in ``texts``.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import BotCommand, Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.bootstrap import Services
from bot.chat import access
from bot.chat.access import Handler, Level
from bot.chat.context import SENDER_KEY, SERVICES_KEY, BotApp, BotContext
from bot.chat.handlers import common, errors, parsing
from bot.chat.handlers.admin import agenda as agenda_handlers
from bot.chat.handlers.admin import broadcast as broadcast_handlers
from bot.chat.handlers.admin import hotspots as hotspot_handlers
from bot.chat.handlers.admin import staffing as admin
from bot.chat.handlers.admin import stats as stats_handlers
from bot.chat.handlers.resident import agenda as resident_agenda
from bot.chat.handlers.resident import bad_input, follow, metoo, registration, reports, wishes
from bot.chat.handlers.staff import merge, new_dialogue, pause, review, visits, worker
from bot.chat.handlers.staff import web as web_handlers
from bot.chat.menus import Row, command_menus, register_menus
from bot.chat.senders import broadcaster, jobs
from bot.chat.senders.outbox import OutboxSender
from bot.chat.senders.ratelimit import SharedRateLimiter
from bot.chat.views import callbacks as cb
from bot.chat.views import texts
from bot.config import Settings

log = logging.getLogger(__name__)

R, W, A = Level.RESIDENT, Level.WORKER, Level.ADMIN
SUGGESTIONS = -1
"""The group of the 每月一题 suggestion catcher: after the access gate, before the table."""
Callback = Callable[[Update, BotContext], Coroutine[Any, Any, object]]

# fmt: off
STAFF_COMMANDS: tuple[tuple[str, Callback, Level], ...] = (
    # command    callback               who may use it, and whose menu lists it
    ("queue",    worker.queue,          W),
    ("take",     worker.take,           W),
    ("reply",    worker.reply,          W),
    ("ask",      pause.ask,             W),
    ("note",     worker.note,           W),
    ("resolve",  worker.resolve,        W),
    ("transfer", worker.transfer,       W),
    ("verify",   review.verify,         W),
    ("extend",   review.extend,         W),
    ("appeal",   review.appeal,         W),
    ("merge",    merge.merge,           W),
    ("overdue",  worker.overdue,        A),
    ("grant",    admin.grant,           A),
    ("revoke",   admin.revoke,          A),
    ("stats",    stats_handlers.stats,  A),
    ("hotspots", hotspot_handlers.hotspots, A),
    ("agenda",   agenda_handlers.agenda, A),
    ("visits",   visits.visits,         W),
    ("household", visits.household,     W),
    ("helper",   wishes.helper,         W),
    ("new",      visits.new_on_behalf,  W),
    ("rate",     visits.rate_on_behalf, W),
    ("web",      web_handlers.web,      W),
)
RESIDENT_COMMANDS: tuple[tuple[str, Callback, Level | None], ...] = (
    # command    callback               anyone may use it; whose menu lists it (None: no menu)
    ("start",    registration.start,    R),
    ("help",     common.help_command,   R),
    ("my",       follow.my,             R),
    ("ticket",   follow.ticket,         W),
    ("cancel",   follow.cancel,         None),
    ("wish",     wishes.wish,           R),  # 微心愿: residents and staff (for a household)
    ("wishes",   wishes.wishes,         R),
)
# fmt: on


class _Application(Application[Any, BotContext, Any, Any, Any, Any]):
    """The Application, with every update's text cleaned once at the edge, before any
    handler reads it: NUL and lone surrogates (PostgreSQL refuses them) are removed."""

    async def process_update(self, update: object) -> None:
        """Clean the update, then process it as usual."""
        if isinstance(update, Update):
            data = update.to_dict()
            cleaned = parsing.clean_json(data)
            if cleaned != data:
                log.info(
                    "update %d: removed characters the database cannot store", update.update_id
                )
                update = Update.de_json(cleaned, self.bot)
        await super().process_update(update)


def build_application(
    settings: Settings, services: Services, request: BaseRequest | None = None
) -> BotApp:
    """Wire settings, services and handlers into an Application (not yet initialised)."""
    table = handler_table()
    token = settings.telegram_token.get_secret_value() if settings.telegram_token else ""
    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = (
        ApplicationBuilder()
        .application_class(_Application)
        .token(token)
        .base_url(settings.base_url)
        .base_file_url(settings.base_file_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.tz))
        .context_types(ContextTypes(context=BotContext))
        .post_init(functools.partial(_post_init, menus=command_menus(table)))
        .post_shutdown(_post_shutdown)
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    if settings.rate_limiter:
        builder = builder.rate_limiter(SharedRateLimiter(max_retries=3))
    app: BotApp = builder.build()
    app.bot_data[SERVICES_KEY] = services
    app.bot_data[SENDER_KEY] = OutboxSender(
        services.outbox, services.notifications, app.bot, services.clock, settings.tz
    )
    app.bot_data[broadcaster.BROADCASTER_KEY] = broadcaster.Broadcaster(
        services.notice_delivery, app.bot
    )
    _add_handlers(app, table)
    jobs.schedule(app, settings.hotspot_watch_time)
    broadcaster.schedule(app)
    return app


def _add_handlers(app: BotApp, table: list[Row]) -> None:
    gate = access.Gate((row.handler, row.level) for row in table)
    # Groups and channels first: nothing is ever said there (not even the gate's refusals).
    app.add_handler(TypeHandler(Update, bad_input.outside_private), group=access.GUARD_GROUP - 1)
    app.add_handler(TypeHandler(Update, common.out_of_range_button), group=access.GUARD_GROUP - 2)
    app.add_handler(TypeHandler(Update, gate.admit), group=access.GUARD_GROUP)
    app.add_handlers([row.handler for row in table])
    # 每月一题: a resident's message after 我有建议 is their suggestion, not a report
    suggestion = filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE & filters.TEXT
    app.add_handler(
        MessageHandler(suggestion & ~filters.COMMAND, resident_agenda.on_text), group=SUGGESTIONS
    )
    # After every row, and outside the table so the gate never sees it (it matches every
    # button, and the gate admits a button at the lowest level of the handlers matching it):
    # a button nobody understood still gets an answer.
    app.add_handler(CallbackQueryHandler(common.stale_button))
    app.add_handler(TypeHandler(Update, access.kick_sender), group=access.AFTER_GROUP)
    app.add_error_handler(errors.on_error)


def handler_table() -> list[Row]:
    """Every handler in dispatch order (most specific first), with its level and menu."""
    new_private = filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE
    return [
        # /broadcast (its dialogue and its w:bc: buttons) and /notice
        *(Row(handler, A, menu=A) for handler in broadcast_handlers.handlers()),
        *(
            Row(CommandHandler(name, callback, filters=new_private), level, menu=level)
            for name, callback, level in STAFF_COMMANDS
        ),
        Row(CallbackQueryHandler(pause.on_wait, pattern=cb.WAIT.pattern), W),
        Row(CallbackQueryHandler(review.on_callback, pattern=cb.REVIEW), W),  # 核查, 延期, 申诉
        Row(CallbackQueryHandler(agenda_handlers.on_callback, pattern=cb.AGENDA_STAFF), A),
        Row(CallbackQueryHandler(visits.on_callback, pattern=cb.VISITS), W),  # 进百家门
        Row(CallbackQueryHandler(new_dialogue.on_callback, pattern=cb.NEW_DIALOGUE), W),  # /new
        Row(CallbackQueryHandler(worker.on_callback, pattern=cb.STAFF), W),  # after the w:bc: ones
        *_review_rows(),
        *_resident_rows(),
    ]


def _review_rows() -> list[Row]:
    """Staff answering our prompts by replying: a photo as 办结 evidence, a reason (issue 14),
    a photo of a visit's finding."""
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    photo = review.Answers(texts.PROMPT_EVIDENCE)
    words = photo | review.Answers(texts.PROMPT_VERIFY_REASON)
    words = filters.TEXT & ~filters.COMMAND & (words | review.Answers(texts.PROMPT_APPEAL_REASON))
    image = filters.PHOTO | filters.Document.IMAGE
    finding = review.Answers(texts.PROMPT_FINDING_PHOTO)  # 进百家门: a visit's finding
    words_only = filters.TEXT & ~filters.COMMAND
    return [
        Row(MessageHandler(private & image & photo, review.on_evidence), W),
        Row(MessageHandler(private & words, review.on_reason), W),
        Row(MessageHandler(private & (image | words_only) & finding, visits.on_finding_photo), W),
    ]


def _resident_rows() -> list[Row]:
    """Residents' commands, messages and buttons (anyone may use them)."""
    private = filters.ChatType.PRIVATE
    edited = filters.UpdateType.EDITED_MESSAGE
    new = filters.UpdateType.MESSAGE
    commands = [
        Row(CommandHandler(name, callback, filters=new), R, menu)
        for name, callback, menu in RESIDENT_COMMANDS
    ]
    handlers: list[Handler] = [
        MessageHandler(filters.COMMAND, common.unknown_command),
        MessageHandler(private & bad_input.CHANNEL_FORWARD, bad_input.forward),
        MessageHandler(private & filters.CONTACT, registration.on_contact),
        MessageHandler(
            private & (filters.PHOTO | filters.Document.IMAGE | filters.LOCATION),
            reports.on_media,
        ),
        MessageHandler(private & filters.TEXT, reports.on_text),
        MessageHandler(private & filters.Sticker.ALL, bad_input.sticker),
        MessageHandler(
            private & (filters.VOICE | filters.AUDIO | filters.VIDEO_NOTE), bad_input.voice
        ),
        MessageHandler(
            private & (filters.VIDEO | filters.ANIMATION | filters.Document.ALL), bad_input.file
        ),
        MessageHandler(private, common.fallback),
        CallbackQueryHandler(registration.on_callback, pattern=cb.REGISTRATION),
        CallbackQueryHandler(reports.on_choice, pattern=cb.REPORTS),
        CallbackQueryHandler(reports.on_info, pattern=cb.INFO),
        CallbackQueryHandler(reports.on_change, pattern=cb.CHANGES),
        CallbackQueryHandler(reports.on_split, pattern=cb.SPLITS),
        CallbackQueryHandler(follow.on_callback, pattern=cb.FOLLOW),
        CallbackQueryHandler(follow.on_rate, pattern=cb.RATING),
        CallbackQueryHandler(metoo.on_offer, pattern=cb.METOO),
        CallbackQueryHandler(metoo.on_rate, pattern=cb.FOLLOWER_RATING),
        CallbackQueryHandler(resident_agenda.on_reply, pattern=cb.AGENDA),
        CallbackQueryHandler(wishes.on_callback, pattern=cb.WISHES),
        *broadcast_handlers.resident_handlers(),
    ]
    return [
        Row(MessageHandler(private & edited, reports.on_edited)),
        *commands,
        *(Row(handler) for handler in handlers),
    ]


async def _post_init(app: BotApp, menus: dict[Level, list[BotCommand]]) -> None:
    services: Services = app.bot_data[SERVICES_KEY]
    services.intents.matcher.classify("")  # load jieba now, not on the first resident's message
    await services.staff.retire_former_settings_admins(services.admin_ids)  # the setting rules
    await register_menus(app, menus)


async def _post_shutdown(app: BotApp) -> None:
    services: Services = app.bot_data[SERVICES_KEY]
    await services.close()
