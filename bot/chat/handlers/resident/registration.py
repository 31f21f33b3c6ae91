"""Registration: /start, the community → grid → address → phone steps, 修改住址."""

from __future__ import annotations

from dataclasses import replace

from telegram import ReplyKeyboardRemove, Update

from bot.chat.context import BotContext
from bot.chat.handlers.replying import answer, send
from bot.chat.views import callbacks as cb
from bot.chat.views import keyboards, render, texts
from bot.chat.views.render import Reply
from bot.domain.conversation import Kept, KeptText
from bot.services.errors import GridbotError
from bot.services.registration import Finished, Page, Step
from bot.services.reports import Appended, Elsewhere, Opened, Outcome, Unregistered


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


async def on_step(
    update: Update, context: BotContext, step: Step, kept: Kept, emergency: bool = False
) -> None:
    """A message during registration: the address, 跳过 at the phone step, or one to keep
    (an ``emergency`` is always kept, never taken for the address)."""
    user = update.effective_user
    assert user is not None
    registration = context.services.registration
    text = kept.text if isinstance(kept, KeptText) else None
    if emergency:  # the safety line is shown already; file it now if the grid is known
        await registration.keep(user.id, kept)
        filed = await context.services.reports.file_emergencies(user.id)
        replies = [r for o in filed for r in render.outcome(_quiet(o))]
        tail = texts.REG_EMERGENCY_FILED if filed else texts.REG_EMERGENCY_KEPT
        await send(update, context, [*replies, Reply(tail)])
    elif step == Step.ADDRESS and text is not None:
        await registration.set_address(user.id, text)
        await send(update, context, [Reply(texts.REG_PHONE, keyboards.share_phone())])
    elif step == Step.PHONE and text is not None and text.strip() == texts.BTN_SKIP:
        await finish(update, context, await registration.finish(user.id, None))
    elif step == Step.PHONE:
        done = await registration.keep(user.id, kept)
        hint = texts.REG_CONTACT_HINT if done else texts.REG_NOT_KEPT_PHONE
        await send(update, context, [Reply(hint, keyboards.share_phone())])
    else:
        done = await registration.keep(user.id, kept)
        await send(update, context, [Reply(texts.REG_PRESS_BUTTON if done else texts.REG_NOT_KEPT)])


def _quiet(outcome: Outcome) -> Outcome:
    """The outcome without its safety line (already shown for this message)."""
    return replace(outcome, safety=None) if isinstance(outcome, Opened | Appended) else outcome


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
    """Confirm the registration, then file every message kept meanwhile, in order."""
    user = update.effective_user
    assert user is not None
    replies = [Reply(render.registered(done.resident), ReplyKeyboardRemove())]
    if done.dropped:
        replies.append(Reply(texts.REG_DROPPED.format(n=done.dropped)))
    await send(update, context, replies)
    reports = context.services.reports
    for item in done.pending:
        if isinstance(item, KeptText):
            result = await reports.submit(user.id, item.text, kept=True)
        else:
            result = await reports.media(user.id, item.media, item.caption, kept=True)
        if not isinstance(result, Unregistered | Elsewhere):
            await send(update, context, render.outcome(result))


async def on_callback(update: Update, context: BotContext) -> None:
    """Buttons of the registration steps."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    registration = context.services.registration
    data = query.data
    try:
        if (page_no := cb.REG_PAGE.parse(data)) is not None:
            page = await registration.communities(page_no)
            await query.answer()
            await query.edit_message_reply_markup(keyboards.communities(page))
        elif (code := cb.REG_COMMUNITY.parse(data)) is not None:
            community, grids = await registration.choose_community(user.id, code)
            text = texts.REG_GRID.format(community=render.esc(community.name))
            filed = await context.services.reports.file_emergencies(user.id)
            replies = [r for outcome in filed for r in render.outcome(outcome)]
            await answer(update, context, *replies, Reply(text, keyboards.grids(grids)))
        elif (grid := cb.REG_GRID.parse(data)) is not None:
            await registration.choose_grid(user.id, None if grid == cb.UNKNOWN_GRID else grid)
            filed = await context.services.reports.file_emergencies(user.id)
            replies = [r for outcome in filed for r in render.outcome(outcome)]
            await answer(
                update, context, *replies, Reply(texts.REG_ADDRESS, keyboards.skip_address())
            )
        elif cb.REG_SKIP_ADDRESS.matches(data):
            await registration.set_address(user.id, None)
            await answer(update, context, Reply(texts.REG_PHONE, keyboards.share_phone()))
        elif cb.REG_REDO.matches(data):
            page = await registration.begin(user.id, _name(update))
            await answer(update, context, community_prompt(page, texts.REG_COMMUNITY_AGAIN))
        else:
            await answer(update, context, Reply(texts.NOTHING_PENDING))
    except GridbotError:
        await answer(update, context, Reply(texts.NOTHING_PENDING))
