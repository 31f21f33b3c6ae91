"""/new as a dialogue (进百家门): a household or a new address (address, name, phone), the
category, then the person's words or a photo with a caption. Thin: parse → the service's
step → the next question. Free text and photos reach ``on_message`` through the resident
message handlers, which ask the chat's conversation first (as for /broadcast).
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.chat.context import BotContext
from bot.chat.handlers import parsing
from bot.chat.handlers.replying import answer, send
from bot.chat.views import callbacks as cb
from bot.chat.views import texts
from bot.chat.views.render import Reply, esc
from bot.domain.conversation import OnBehalfStep
from bot.services.errors import GridbotError, InvalidInput
from bot.services.on_behalf import OnBehalf
from bot.services.on_behalf_dialogue import Asked, Expired, Photo, Refused

Step = OnBehalfStep
QUESTIONS = {
    Step.ADDRESS: texts.NB_ASK_ADDRESS,
    Step.NAME: texts.NB_ASK_NAME,
    Step.PHONE: texts.NB_ASK_PHONE,
    Step.CATEGORY: texts.NB_ASK_CATEGORY,
    Step.TEXT: texts.NB_ASK_TEXT,
}
REFUSALS = {"phone": texts.NB_BAD_PHONE, "words": texts.NB_PHOTO_WORDS}


def _buttons(rows: list[tuple[str, str]], columns: int = 1) -> InlineKeyboardMarkup:
    """The choices (``columns`` a row), and 取消 at the bottom."""
    buttons = [InlineKeyboardButton(label, callback_data=data) for label, data in rows]
    keyboard = [buttons[i : i + columns] for i in range(0, len(buttons), columns)]
    keyboard.append([InlineKeyboardButton(texts.BTN_NB_QUIT, callback_data=cb.NB_QUIT())])
    return InlineKeyboardMarkup(keyboard)


def _asked(asked: Asked) -> Reply:
    """The question for the step the dialogue is at now (a cancel button at every step)."""
    if asked.step is Step.HOUSEHOLD:
        if not asked.households and not asked.grids:
            return Reply(texts.NB_NO_GRID)
        rows = [
            (texts.BTN_NB_HOUSEHOLD.format(address=address, name=name), cb.NB_HOUSEHOLD(i))
            for i, address, name in asked.households
        ]
        rows += [(texts.BTN_NB_NEW.format(grid=grid), cb.NB_NEW(i)) for i, grid in asked.grids]
        return Reply(texts.NB_PICK, _buttons(rows))
    if asked.step is Step.CATEGORY:
        rows = [
            (name or texts.OTHER_INTENT_NAME, cb.NB_CATEGORY(key)) for key, name in asked.categories
        ]
        return Reply(texts.NB_ASK_CATEGORY, _buttons(rows, columns=2))
    if asked.step is Step.PHONE:
        return Reply(texts.NB_ASK_PHONE, _buttons([(texts.BTN_NB_NO_PHONE, cb.NB_NO_PHONE())]))
    return Reply(QUESTIONS[asked.step], _buttons([]))


def opened(done: OnBehalf) -> Reply:
    """The ticket opened on a household's behalf, and the reminder to tell the person."""
    phone = texts.NEW_PHONE.format(phone=esc(done.phone)) if done.phone else ""
    text = texts.NEW_OPENED.format(
        name=esc(done.name), household=done.household_id, id=done.ticket_id,
        intent=esc(done.intent_name or texts.OTHER_INTENT_NAME), phone=phone,
    )  # fmt: skip
    return Reply(text)


async def start(update: Update, context: BotContext) -> None:
    """/new alone: the first question of the dialogue."""
    user = update.effective_user
    assert user is not None
    asked = await context.services.on_behalf_dialogue.begin(user.id)
    if not asked.households and not asked.grids:
        await context.services.on_behalf_dialogue.end(user.id)
    await send(update, context, [_asked(asked)])


async def on_message(update: Update, context: BotContext) -> bool:
    """The address, name, phone or the words (a photo's caption); False when the chat's
    dialogue no longer takes it (the sender handles it as any message)."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    best = message.photo[-1] if message.photo else None
    photo = Photo(best.file_id, best.file_unique_id) if best else None
    text = message.caption if message.photo else message.text
    dialogue = context.services.on_behalf_dialogue
    try:
        result = await dialogue.message(user.id, text, photo)
    except Expired:
        return False
    except GridbotError:  # the household left my grids meanwhile
        await dialogue.end(user.id)
        await send(update, context, [Reply(texts.HOUSEHOLD_NOT_FOUND)])
        return True
    if result is None:
        return False
    if isinstance(result, Refused):
        reply = Reply(REFUSALS.get(result.reason, texts.NB_EMPTY))
    elif isinstance(result, Asked):
        reply = _asked(result)
    else:
        reply = opened(result)
    await send(update, context, [reply])
    return True


async def on_callback(update: Update, context: BotContext) -> None:
    """A household, a new address's grid, 没有电话, a category or 取消."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    pressed = cb.parse(query.data)
    dialogue = context.services.on_behalf_dialogue
    try:
        if pressed is not None and pressed.button == cb.NB_QUIT:
            await dialogue.end(user.id, quitting=True)
            await answer(update, context, Reply(texts.NB_QUIT))
            return
        asked = await _step(context, user.id, pressed)
    except InvalidInput:  # Expired, or a button of another dialogue
        await answer(update, context, Reply(texts.NB_EXPIRED))
        return
    except GridbotError:
        await answer(update, context, Reply(texts.HOUSEHOLD_NOT_FOUND))
        return
    await answer(update, context, _asked(asked))


async def _step(context: BotContext, user_id: int, pressed: cb.Pressed | None) -> Asked:
    dialogue = context.services.on_behalf_dialogue
    number = parsing.checked(pressed.number) if pressed and pressed.number is not None else None
    if pressed is not None and pressed.button == cb.NB_HOUSEHOLD and number is not None:
        return await dialogue.household(user_id, number)
    if pressed is not None and pressed.button == cb.NB_NEW and number is not None:
        return await dialogue.new_address(user_id, number)
    if pressed is not None and pressed.button == cb.NB_NO_PHONE:
        return await dialogue.no_phone(user_id)
    if pressed is not None and pressed.button == cb.NB_CATEGORY and pressed.word is not None:
        return await dialogue.category(user_id, pressed.word)
    raise Expired("not a button of the dialogue")
