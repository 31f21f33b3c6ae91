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
from dataclasses import dataclass
from typing import Any

from telegram import BotCommand, BotCommandScopeChat, BotCommandScopeDefault, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
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
from bot.chat.handlers.admin import broadcast as broadcast_handlers
from bot.chat.handlers.admin import staffing as admin
from bot.chat.handlers.admin import stats as stats_handlers
from bot.chat.handlers.resident import bad_input, follow, registration, reports
from bot.chat.handlers.staff import web as web_handlers
from bot.chat.handlers.staff import worker
from bot.chat.senders import broadcaster, jobs
from bot.chat.senders.outbox import OutboxSender
from bot.chat.senders.ratelimit import SharedRateLimiter
from bot.chat.views import callbacks as cb
from bot.chat.views import texts
from bot.config import Settings
from storage.models import StaffRole

log = logging.getLogger(__name__)

R, W, A = Level.RESIDENT, Level.WORKER, Level.ADMIN
Callback = Callable[[Update, BotContext], Coroutine[Any, Any, object]]

# fmt: off
STAFF_COMMANDS: tuple[tuple[str, Callback, Level], ...] = (
    # command    callback               who may use it, and whose menu lists it
    ("queue",    worker.queue,          W),
    ("take",     worker.take,           W),
    ("reply",    worker.reply,          W),
    ("note",     worker.note,           W),
    ("resolve",  worker.resolve,        W),
    ("transfer", worker.transfer,       W),
    ("overdue",  worker.overdue,        A),
    ("grant",    admin.grant,           A),
    ("revoke",   admin.revoke,          A),
    ("stats",    stats_handlers.stats,  A),
    ("web",      web_handlers.web,      W),
)
RESIDENT_COMMANDS: tuple[tuple[str, Callback, Level | None], ...] = (
    # command    callback               anyone may use it; whose menu lists it (None: no menu)
    ("start",    registration.start,    R),
    ("help",     common.help_command,   R),
    ("my",       follow.my,             R),
    ("ticket",   follow.ticket,         W),
    ("cancel",   follow.cancel,         None),
)
# fmt: on


@dataclass(frozen=True)
class Row:
    """One line of the handler table."""

    handler: Handler
    level: Level = Level.RESIDENT
    """Who may use it (every level above may too); the access gate enforces it."""
    menu: Level | None = None
    """The lowest level whose command menu lists its commands (None: no menu)."""


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
    jobs.schedule(app)
    broadcaster.schedule(app)
    return app


def _add_handlers(app: BotApp, table: list[Row]) -> None:
    gate = access.Gate((row.handler, row.level) for row in table)
    # Groups and channels first: nothing is ever said there (not even the gate's refusals).
    app.add_handler(TypeHandler(Update, bad_input.outside_private), group=access.GUARD_GROUP - 1)
    app.add_handler(TypeHandler(Update, common.out_of_range_button), group=access.GUARD_GROUP - 2)
    app.add_handler(TypeHandler(Update, gate.admit), group=access.GUARD_GROUP)
    app.add_handlers([row.handler for row in table])
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
        Row(CallbackQueryHandler(worker.on_callback, pattern=cb.STAFF), W),  # after the w:bc: ones
        *_resident_rows(),
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
        *broadcast_handlers.resident_handlers(),
    ]
    return [
        Row(MessageHandler(private & edited, reports.on_edited)),
        *commands,
        *(Row(handler) for handler in handlers),
    ]


def command_menus(table: list[Row]) -> dict[Level, list[BotCommand]]:
    """Each level's command menu: the table's commands listed from that level on, in the
    order and with the descriptions of ``texts.COMMANDS_ADMIN`` (which describes them all)."""
    listed: dict[str, Level] = {}
    for row in table:
        shown = row.menu
        if shown is None:
            continue
        for handler in access.within(row.handler):
            for name in handler.commands if isinstance(handler, CommandHandler) else ():
                listed[name] = min(shown, listed.get(name, shown))
    described = texts.COMMANDS_ADMIN
    if undescribed := sorted(listed.keys() - described.keys()):
        raise ValueError(f"menu commands without a description in texts: {undescribed}")
    order = [name for name in described if name in listed]
    return {
        level: [BotCommand(name, described[name]) for name in order if listed[name] <= level]
        for level in Level
    }


async def register_menus(app: BotApp, menus: dict[Level, list[BotCommand]]) -> None:
    """Residents get the default menu; each staff member gets their role's menu."""
    services: Services = app.bot_data[SERVICES_KEY]
    await app.bot.set_my_commands(menus[R], BotCommandScopeDefault())
    roles = {s.telegram_id: s.role for s in await services.staff.list() if s.active}
    roles.update({admin: StaffRole.ADMIN for admin in services.admin_ids})
    for chat_id, role in roles.items():
        try:
            await app.bot.set_my_commands(menus[Level.of(role)], BotCommandScopeChat(chat_id))
        except TelegramError as exc:
            log.warning("could not set the menu for staff %d: %s", chat_id, exc)


async def _post_init(app: BotApp, menus: dict[Level, list[BotCommand]]) -> None:
    services: Services = app.bot_data[SERVICES_KEY]
    services.intents.matcher.classify("")  # load jieba now, not on the first resident's message
    await services.staff.retire_former_settings_admins(services.admin_ids)  # the setting rules
    await register_menus(app, menus)


async def _post_shutdown(app: BotApp) -> None:
    services: Services = app.bot_data[SERVICES_KEY]
    await services.close()
