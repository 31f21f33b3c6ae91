"""进百家门 for grid workers: /household, /visits and the visit buttons (thin: parse →
service → view). Role checks live in access.py; the grid in the services' policy."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update

from bot.chat.context import BotContext
from bot.chat.handlers import parsing
from bot.chat.handlers.replying import answer, send
from bot.chat.handlers.staff import new_dialogue
from bot.chat.handlers.staff.review import prompted
from bot.chat.views import callbacks as cb
from bot.chat.views import texts
from bot.chat.views import visits as view
from bot.chat.views.render import Reply, esc
from bot.domain import visits as rules
from bot.services.errors import GridbotError, InvalidInput, NotFound
from bot.services.on_behalf import NotStandIn
from bot.services.visits import HouseholdCard

NOTE_WORD = "备注"


def _refusal(exc: GridbotError, code: str | None = None) -> str:
    if isinstance(exc, rules.NoConsent):
        return texts.HOUSEHOLD_NO_CONSENT
    if isinstance(exc, NotFound) and code is not None and str(exc) == code:
        return texts.HOUSEHOLD_UNKNOWN_GRID.format(code=esc(code))
    if isinstance(exc, InvalidInput):
        return texts.HOUSEHOLD_USAGE
    return texts.HOUSEHOLD_NOT_FOUND


def _groups(context: BotContext) -> list[str]:
    return list(context.services.households.plan.care_days)


def _card(context: BotContext, card: HouseholdCard, head: str = "") -> Reply:
    return view.household(card, _groups(context), context.tz, head)


async def household(update: Update, context: BotContext) -> None:
    """/household: record a household, show one, or replace its notes."""
    user, message = update.effective_user, update.effective_message
    args = context.args or []
    if user is None or message is None or not args:
        await send(update, context, [Reply(texts.HOUSEHOLD_USAGE)])
        return
    households = context.services.households
    household_id = parsing.number(args[0])
    try:
        if household_id is not None and len(args) == 1:
            reply = _card(context, await households.show(user.id, household_id))
        elif household_id is not None and args[1] == NOTE_WORD and len(args) > 2:
            notes = (message.text or "").split(maxsplit=3)[3]
            reply = _card(context, await households.note(user.id, household_id, notes))
        elif household_id is None and len(args) in (3, 4):
            phone = args[3] if len(args) == 4 else None
            card = await households.add(user.id, args[0], args[1], args[2], phone)
            reply = _card(context, card, texts.HOUSEHOLD_ADDED.format(id=card.id))
        else:
            reply = Reply(texts.HOUSEHOLD_USAGE)
    except GridbotError as exc:
        reply = Reply(_refusal(exc, args[0]))
    await send(update, context, [reply])


async def new_on_behalf(update: Update, context: BotContext) -> None:
    """/new: the dialogue; /new <household> <words>: a ticket on behalf of a person
    without Telegram at once."""
    user, args = update.effective_user, context.args or []
    if not args:
        await new_dialogue.start(update, context)
        return
    if user is not None:
        await context.services.on_behalf_dialogue.end(user.id)  # the one line ends a dialogue
    household_id = parsing.number(args[0]) if args else None
    message = update.effective_message
    words = (message.text or "").split(maxsplit=2) if message else []
    if user is None or household_id is None or len(words) < 3:
        await send(update, context, [Reply(texts.NEW_USAGE)])
        return
    try:
        done = await context.services.on_behalf.open(user.id, household_id, words[2])
    except GridbotError as exc:
        await send(update, context, [Reply(_refusal(exc))])
        return
    await send(update, context, [new_dialogue.opened(done)])


async def rate_on_behalf(update: Update, context: BotContext) -> None:
    """/rate <ticket> <满意|基本满意|不满意|没解决>: the person's rating, recorded by staff."""
    user, args = update.effective_user, context.args or []
    ticket_id = parsing.ticket_id(args)
    code = texts.RATE_WORDS.get(args[1]) if len(args) == 2 else None
    if user is None or ticket_id is None or code is None:
        await send(update, context, [Reply(texts.RATE_USAGE)])
        return
    try:
        reopened = await context.services.on_behalf.rate(user.id, ticket_id, code)
    except NotStandIn:
        text = texts.RATE_NOT_STAND_IN.format(id=ticket_id)
    except NotFound:
        text = texts.NOT_IN_SCOPE
    except GridbotError:
        text = texts.RATE_NOT_WAITING.format(id=ticket_id)
    else:
        template = texts.RATE_REOPENED if reopened else texts.RATE_RECORDED
        text = template.format(id=ticket_id, word=esc(args[1]))
    await send(update, context, [Reply(text)])


async def visits(update: Update, context: BotContext) -> None:
    """/visits: today's door-knock list for my grids."""
    user = update.effective_user
    assert user is not None
    found = await context.services.visits.today(user.id)
    await send(update, context, [view.today(found, context.services.clock(), context.tz)])


async def on_callback(update: Update, context: BotContext) -> None:
    """The buttons of a household's card, today's list and a visit's checklist."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    pressed = cb.parse(query.data)
    household_id = parsing.checked(pressed.number) if pressed else None
    if pressed is None or household_id is None:
        await query.answer(texts.BUTTON_STALE)
        return
    try:
        await _pressed(update, context, pressed, household_id)
    except GridbotError as exc:
        await query.answer(_refusal(exc), show_alert=True)


async def _pressed(
    update: Update, context: BotContext, pressed: cb.Pressed, household_id: int
) -> None:
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    households, log = context.services.households, context.services.visit_log
    button, word = pressed.button, pressed.word
    if button == cb.HH_SHOW:
        await answer(update, context, _card(context, await households.show(user.id, household_id)),
                     clear=False)  # fmt: skip
    elif button == cb.HH_CONSENT:
        await _edit(update, _card(context, await households.consent(user.id, household_id)))
    elif button == cb.HH_TAG and word is not None and int(word) < len(_groups(context)):
        tag = _groups(context)[int(word)]
        await _edit(update, _card(context, await households.toggle_tag(user.id, household_id, tag)))
    elif button == cb.VISIT_START:
        card = await households.show(user.id, household_id)
        await answer(update, context, view.checklist(card, 0), clear=False)
    elif button == cb.VISIT_CHECKS and word is not None and int(word) <= rules.ALL_CHECKS:
        card = await households.show(user.id, household_id)
        await _edit(update, view.checklist(card, int(word)))
    elif button == cb.VISIT_DONE and word is not None and int(word) <= rules.ALL_CHECKS:
        done = await log.visited(user.id, household_id, int(word), view.findings_words())
        await answer(update, context, view.recorded(done, context.tz), *view.photo_prompts(done))
    elif button == cb.VISIT_ABSENT:
        done = await log.absent(user.id, household_id)
        await answer(update, context, view.recorded(done, context.tz), clear=False)
    else:
        await query.answer(texts.BUTTON_STALE)


async def on_finding_photo(update: Update, context: BotContext) -> None:
    """A photo sent in reply to a finding's prompt: attached to the ticket it opened."""
    message, user = update.effective_message, update.effective_user
    found = prompted(message)
    if message is None or user is None or found is None:
        return
    best = message.photo[-1] if message.photo else message.document
    ticket_id = found[1]
    if best is None:  # words where a photo was asked for
        await send(update, context, [Reply(texts.FINDING_PHOTO_ONLY.format(id=ticket_id))])
        return
    try:
        await context.services.on_behalf.add_photo(
            user.id, ticket_id, best.file_id, best.file_unique_id
        )
    except GridbotError:
        text = texts.FINDING_PHOTO_REFUSED.format(id=ticket_id)
    else:
        text = texts.FINDING_PHOTO_KEPT.format(id=ticket_id)
    await send(update, context, [Reply(text)])


async def _edit(update: Update, reply: Reply) -> None:
    """Answer the press and show the new state in the same message."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    if query.message is not None and query.message.is_accessible:
        markup = reply.markup if isinstance(reply.markup, InlineKeyboardMarkup) else None
        await query.edit_message_text(reply.text, reply_markup=markup)
