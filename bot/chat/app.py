"""Composition root: build the PTB Application from settings and services."""

from __future__ import annotations

import logging
from typing import Any

from telegram import BotCommand, BotCommandScopeChat, BotCommandScopeDefault, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseHandler,
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
from bot.chat.context import SENDER_KEY, SERVICES_KEY, BotContext
from bot.chat.handlers import common, errors
from bot.chat.handlers.admin import broadcast as broadcast_handlers
from bot.chat.handlers.admin import staffing as admin
from bot.chat.handlers.admin import stats as stats_handlers
from bot.chat.handlers.resident import bad_input, follow, registration, reports
from bot.chat.handlers.staff import worker
from bot.chat.senders import broadcaster, jobs
from bot.chat.senders.outbox import OutboxSender
from bot.chat.senders.ratelimit import SharedRateLimiter
from bot.chat.views import texts
from bot.config import Settings
from storage.models import StaffRole

log = logging.getLogger(__name__)

BotApp = Application[Any, BotContext, Any, Any, Any, Any]


def build_application(
    settings: Settings, services: Services, request: BaseRequest | None = None
) -> BotApp:
    """Wire settings, services and handlers into an Application (not yet initialised)."""
    token = settings.telegram_token.get_secret_value() if settings.telegram_token else ""
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.base_url)
        .base_file_url(settings.base_file_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.tz))
        .context_types(ContextTypes(context=BotContext))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    if settings.rate_limiter:
        builder = builder.rate_limiter(SharedRateLimiter(max_retries=3))  # type: ignore[arg-type]
    app: BotApp = builder.build()
    app.bot_data[SERVICES_KEY] = services
    app.bot_data[SENDER_KEY] = OutboxSender(
        services.outbox, services.notifications, app.bot, services.clock, settings.tz
    )
    app.bot_data[broadcaster.BROADCASTER_KEY] = broadcaster.Broadcaster(
        services.notice_delivery, app.bot
    )
    _add_handlers(app)
    jobs.schedule(app)
    broadcaster.schedule(app)
    return app


def _add_handlers(app: BotApp) -> None:
    app.add_handler(TypeHandler(Update, access.admit), group=access.GUARD_GROUP)
    app.add_handlers(_staff_handlers())
    app.add_handlers(_resident_handlers())
    app.add_handler(TypeHandler(Update, access.kick_sender), group=access.AFTER_GROUP)
    app.add_error_handler(errors.on_error)


def _staff_handlers() -> list[BaseHandler[Any, BotContext, Any]]:
    """Workers' and admins' commands and buttons (access.py has already checked the role)."""
    new = filters.UpdateType.MESSAGE
    commands = {
        "queue": worker.queue,
        "take": worker.take,
        "reply": worker.reply,
        "note": worker.note,
        "resolve": worker.resolve,
        "transfer": worker.transfer,
        "overdue": worker.overdue,
        "grant": admin.grant,
        "revoke": admin.revoke,
        "stats": stats_handlers.stats,
    }
    handlers: list[BaseHandler[Any, BotContext, Any]] = [
        CommandHandler(name, callback, filters=new & filters.ChatType.PRIVATE)
        for name, callback in commands.items()
    ]
    handlers[:0] = broadcast_handlers.handlers()  # before the generic ^w: buttons
    handlers.append(CallbackQueryHandler(worker.on_callback, pattern=r"^w:"))
    return handlers


def _resident_handlers() -> list[BaseHandler[Any, BotContext, Any]]:
    """Residents' commands, messages and buttons, most specific first."""
    private = filters.ChatType.PRIVATE
    edited = filters.UpdateType.EDITED_MESSAGE
    new = filters.UpdateType.MESSAGE
    return [
        MessageHandler(filters.ChatType.GROUPS, bad_input.group_message),
        MessageHandler(private & edited, reports.on_edited),
        CommandHandler("start", registration.start, filters=new),
        CommandHandler("help", common.help_command, filters=new),
        CommandHandler("my", follow.my, filters=new),
        CommandHandler("ticket", follow.ticket, filters=new),
        CommandHandler("cancel", follow.cancel, filters=new),
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
        CallbackQueryHandler(registration.on_callback, pattern=r"^reg:"),
        CallbackQueryHandler(reports.on_choice, pattern=r"^rep:"),
        CallbackQueryHandler(reports.on_info, pattern=r"^info:"),
        CallbackQueryHandler(reports.on_change, pattern=r"^chg"),
        CallbackQueryHandler(reports.on_split, pattern=r"^split:"),
        CallbackQueryHandler(follow.on_callback, pattern=r"^(tk|cx|cxy|cxn):"),
        CallbackQueryHandler(follow.on_rate, pattern=r"^rate:"),
        *broadcast_handlers.resident_handlers(),
    ]


def _commands(menu: dict[str, str]) -> list[BotCommand]:
    return [BotCommand(name, description) for name, description in menu.items()]


async def register_menus(app: BotApp) -> None:
    """Residents get the default menu; each staff member gets their role's menu."""
    services: Services = app.bot_data[SERVICES_KEY]
    await app.bot.set_my_commands(_commands(texts.COMMANDS_RESIDENT), BotCommandScopeDefault())
    roles = {s.telegram_id: s.role for s in await services.staff.list() if s.active}
    roles.update({admin: StaffRole.ADMIN for admin in services.admin_ids})
    for chat_id, role in roles.items():
        menu = texts.COMMANDS_ADMIN if role is StaffRole.ADMIN else texts.COMMANDS_WORKER
        try:
            await app.bot.set_my_commands(_commands(menu), BotCommandScopeChat(chat_id))
        except TelegramError as exc:
            log.warning("could not set the menu for staff %d: %s", chat_id, exc)


async def _post_init(app: BotApp) -> None:
    services: Services = app.bot_data[SERVICES_KEY]
    services.intents.matcher.classify("")  # load jieba now, not on the first resident's message
    await register_menus(app)


async def _post_shutdown(app: BotApp) -> None:
    services: Services = app.bot_data[SERVICES_KEY]
    await services.close()
