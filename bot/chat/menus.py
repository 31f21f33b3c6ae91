"""The handler table's rows and the per-role command menus derived from them."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from telegram import BotCommand, BotCommandScopeChat, BotCommandScopeDefault
from telegram.error import TelegramError
from telegram.ext import CommandHandler

from bot.bootstrap import Services
from bot.chat import access
from bot.chat.access import Handler, Level
from bot.chat.context import SERVICES_KEY, BotApp
from bot.chat.views import texts
from storage.models import StaffRole

log = logging.getLogger(__name__)
R = Level.RESIDENT


@dataclass(frozen=True)
class Row:
    """One line of the handler table."""

    handler: Handler
    level: Level = Level.RESIDENT
    """Who may use it (every level above may too); the access gate enforces it."""
    menu: Level | None = None
    """The lowest level whose command menu lists its commands (None: no menu)."""


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
