"""Registration: /start, the community → grid → address → phone steps, 修改住址."""

from __future__ import annotations

from telegram import ReplyKeyboardRemove, Update

from bot.chat.context import BotContext
from bot.chat.handlers.replying import answer, argument, send
from bot.chat.views import keyboards, render, texts
from bot.chat.views.render import Reply
from bot.services.errors import GridbotError
from bot.services.registration import Finished, Kept, Page, Step


def _name(update: Update) -> str:
    user = update.effective_user
    return user.full_name if user else ""


def community_prompt(page: Page, first: str) -> Reply:
    """The community question, or a notice that no areas exist yet."""
    if not page.items:
        return Reply(texts.REG_NO_AREAS)
    return Reply(first, keyboards.communities(page))


async def start(update: Update, context: BotContext) -> None:
    """New resident: begin registration. Returning resident: welcome back."""
    user = update.effective_user
    if user is None:
        return
    resident, step = await context.services.registration.lookup(user.id)
    if resident is not None and resident.registered and step is None:
        text = render.welcome_back(user.first_name, resident)
        await send(update, context, [Reply(text, keyboards.edit_address())])
        return
    page = await context.services.registration.begin(user.id, _name(update))
    welcome = texts.REG_WELCOME.format(name=render.esc(user.first_name))
    await send(update, context, [community_prompt(page, welcome)])


async def begin_with(update: Update, context: BotContext, kept: Kept | None) -> None:
    """An unregistered resident wrote first: keep the message, start registration."""
    user = update.effective_user
    assert user is not None
    page = await context.services.registration.begin(user.id, _name(update), keep=kept)
    welcome = texts.REG_WELCOME.format(name=render.esc(user.first_name))
    first = Reply(texts.REG_KEPT) if kept else None
    await send(update, context, [r for r in (first, community_prompt(page, welcome)) if r])


async def on_step_text(update: Update, context: BotContext, step: str, text: str) -> None:
    """Text during registration: the address, 跳过 at the phone step, or a kept message."""
    user = update.effective_user
    assert user is not None
    registration = context.services.registration
    if step == Step.ADDRESS:
        await registration.set_address(user.id, text)
        await send(update, context, [Reply(texts.REG_PHONE, keyboards.share_phone())])
    elif step == Step.PHONE and text.strip() == texts.BTN_SKIP:
        await finish(update, context, await registration.finish(user.id, None))
    elif step == Step.PHONE:
        await registration.keep(user.id, text)
        await send(update, context, [Reply(texts.REG_CONTACT_HINT, keyboards.share_phone())])
    else:
        await registration.keep(user.id, text)
        await send(update, context, [Reply(texts.REG_PRESS_BUTTON)])


async def on_contact(update: Update, context: BotContext) -> None:
    """The phone step: accept only the resident's own contact."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None or message.contact is None:
        return
    _, step = await context.services.registration.status(user.id)
    if step != Step.PHONE:
        await send(update, context, [Reply(texts.NOT_UNDERSTOOD_YET)])
    elif message.contact.user_id != user.id:
        await send(update, context, [Reply(texts.REG_ONLY_OWN_CONTACT, keyboards.share_phone())])
    else:
        phone = message.contact.phone_number
        await finish(update, context, await context.services.registration.finish(user.id, phone))


async def finish(update: Update, context: BotContext, done: Finished) -> None:
    """Confirm the registration, then handle every message kept meanwhile."""
    from bot.chat.handlers.resident.reports import submit_media, submit_text

    await send(update, context, [Reply(render.registered(done.resident), ReplyKeyboardRemove())])
    for item in done.pending:
        if isinstance(item, str):
            await submit_text(update, context, item)
        else:
            await submit_media(update, context, item)


async def on_callback(update: Update, context: BotContext) -> None:
    """Buttons of the registration steps."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    registration = context.services.registration
    data = query.data or ""
    try:
        if data.startswith(keyboards.REG_PAGE):
            page = await registration.communities(int(argument(data)))
            await query.answer()
            await query.edit_message_reply_markup(keyboards.communities(page))
        elif data.startswith(keyboards.REG_COMMUNITY):
            community, grids = await registration.choose_community(user.id, argument(data))
            text = texts.REG_GRID.format(community=render.esc(community.name))
            await answer(update, context, Reply(text, keyboards.grids(grids)))
        elif data.startswith(keyboards.REG_GRID):
            code = argument(data)
            await registration.choose_grid(
                user.id, None if code == keyboards.UNKNOWN_GRID else code
            )
            await answer(update, context, Reply(texts.REG_ADDRESS, keyboards.skip_address()))
        elif data.startswith(keyboards.REG_SKIP_ADDRESS):
            await registration.set_address(user.id, None)
            await answer(update, context, Reply(texts.REG_PHONE, keyboards.share_phone()))
        elif data.startswith(keyboards.REG_REDO):
            page = await registration.begin(user.id, _name(update))
            await answer(update, context, community_prompt(page, texts.REG_COMMUNITY_AGAIN))
    except (GridbotError, ValueError):
        await answer(update, context, Reply(texts.NOTHING_PENDING))
