"""核查, 延期 and 申诉 (issue 14): /verify, /extend, /appeal, their buttons, and the answers
staff give by replying to a prompt (a photo as 办结 evidence, a reason). Thin: parse →
``services.review`` → a plain answer. Role checks live in access.py and the domain's policy.
"""

from __future__ import annotations

import re

from telegram import ForceReply, Message, Update
from telegram.ext import filters

from bot.chat.context import BotContext
from bot.chat.handlers import parsing
from bot.chat.handlers.replying import answer, pressed_ticket, send
from bot.chat.views import callbacks as cb
from bot.chat.views import keyboards, render, texts
from bot.chat.views.refusals import refusal
from bot.chat.views.render import Reply
from bot.chat.views.review_notifications import hours_text, until_text
from bot.domain.errors import (
    AlreadyPending,
    Forbidden,
    GridbotError,
    InvalidInput,
    NotFound,
    NotOpen,
    OwnWork,
)

PROMPTS = (
    texts.PROMPT_EVIDENCE,
    texts.PROMPT_VERIFY_REASON,
    texts.PROMPT_APPEAL_REASON,
    texts.PROMPT_FINDING_PHOTO,  # 进百家门: a photo of a visit's finding (staff/visits.py)
)
_PROMPT = re.compile(rf"^({'|'.join(re.escape(p) for p in PROMPTS)}) · 工单 #(\d+)")
_DURATION = re.compile(r"^(\d{1,4})(d|h|天|小时)$", re.IGNORECASE)


def prompted(message: Message | None) -> tuple[str, int] | None:
    """The prompt (and ticket) a message answers by replying to it, if it does."""
    original = message.reply_to_message if message is not None else None
    if original is None or original.from_user is None or not original.from_user.is_bot:
        return None
    found = _PROMPT.match(original.text or "")
    ticket_id = parsing.number(found.group(2)) if found else None
    return (found.group(1), ticket_id) if found and ticket_id else None


class Answers(filters.MessageFilter):
    """Messages that reply to one of our prompts (``prompt``: which)."""

    def __init__(self, prompt: str) -> None:
        super().__init__(name=f"Answers({prompt})")
        self.prompt = prompt

    def filter(self, message: Message) -> bool:
        """Whether the message answers this prompt."""
        found = prompted(message)
        return found is not None and found[0] == self.prompt


def length_of(word: str) -> tuple[int, bool] | None:
    """``2d`` / ``36h`` (or 2天 / 36小时) as (amount, in days); None if it is not a duration."""
    found = _DURATION.match(word.strip())
    if found is None:
        return None
    return int(found.group(1)), found.group(2).lower() in ("d", "天")


def _prompt(template: str, prompt: str, ticket_id: int, **more: str) -> Reply:
    force = ForceReply(selective=True)
    return Reply(template.format(prompt=prompt, id=ticket_id, **more), force)


async def after_resolve(
    update: Update, context: BotContext, ticket_id: int, detail: str, text: str
) -> None:
    """/resolve of a 核查 category: submitted for the check, or a photo is asked for first."""
    if detail == "verifying":
        await send(update, context, [Reply(texts.VERIFY_SUBMITTED.format(id=ticket_id))])
        return
    reply = _prompt(
        texts.EVIDENCE_PROMPT, texts.PROMPT_EVIDENCE, ticket_id, text=render.esc(text, 200)
    )
    await send(update, context, [reply])


async def extend(update: Update, context: BotContext) -> None:
    """/extend <id> <2d|36h> <reason>: the owner asks an admin for more time."""
    args, user = context.args or [], update.effective_user
    ticket_id = parsing.ticket_id(args)
    length = length_of(args[1]) if len(args) > 1 else None
    reason = " ".join(args[2:]).strip()
    if user is None or ticket_id is None or length is None or not reason:
        await send(update, context, [Reply(texts.USAGE_EXTEND)])
        return
    amount, days = length
    try:
        asked = await context.services.review.request_extension(
            user.id, ticket_id, amount, reason, days
        )
    except InvalidInput:
        await send(update, context, [Reply(texts.USAGE_EXTEND)])
        return
    except (AlreadyPending, NotOpen, NotFound) as exc:
        await send(update, context, [Reply(refusal(exc, ticket_id))])
        return
    except GridbotError:  # not the owner (or nobody owns it yet)
        await send(update, context, [Reply(texts.EXTEND_NOT_OWNER.format(id=ticket_id))])
        return
    shown = until_text(asked.until.isoformat(), context.tz)
    if asked.working:
        done = texts.EXTEND_ASKED_WORKING.format(
            id=ticket_id,
            length=texts.extension_length(amount, days),
            hours=f"{asked.hours:g}",
            day=f"{asked.day_hours:g}",
            until=shown,
        )
    else:
        hours = amount * 24 if days else amount
        done = texts.EXTEND_ASKED.format(id=ticket_id, hours=hours_text(hours), until=shown)
    await send(update, context, [Reply(done)])


async def appeal(update: Update, context: BotContext) -> None:
    """/appeal <id> <reason>: the owner appeals a 不满意 rating once."""
    args, user = context.args or [], update.effective_user
    ticket_id = parsing.ticket_id(args)
    reason = " ".join(args[1:]).strip()
    if user is None or ticket_id is None or not reason:
        await send(update, context, [Reply(texts.USAGE_APPEAL)])
        return
    await _appeal(update, context, user.id, ticket_id, reason)


async def _appeal(
    update: Update, context: BotContext, user_id: int, ticket_id: int, reason: str
) -> None:
    try:
        await context.services.review.appeal(user_id, ticket_id, reason)
    except AlreadyPending:
        text = texts.APPEAL_ONCE
    except InvalidInput:
        text = texts.USAGE_APPEAL
    except Forbidden:
        text = texts.APPEAL_NOT_ALLOWED
    except GridbotError:
        text = texts.NOT_IN_SCOPE
    else:
        text = texts.APPEAL_SENT
    await send(update, context, [Reply(text.format(id=ticket_id))])


async def verify(update: Update, context: BotContext) -> None:
    """/verify <id> [通过 | 不通过 <reason>]: 核查 by someone other than the doer."""
    args = context.args or []
    ticket_id = parsing.ticket_id(args)
    word = args[1].lower() if len(args) > 1 else ""
    if ticket_id is None or (
        word and word not in texts.VERIFY_PASS_WORDS + texts.VERIFY_FAIL_WORDS
    ):
        await send(update, context, [Reply(texts.USAGE_VERIFY)])
        return
    if not word:
        await send(update, context, [_verify_card(ticket_id)])
    elif word in texts.VERIFY_PASS_WORDS:
        await _check(update, context, ticket_id, True, "")
    elif len(args) < 3:
        reply = _prompt(texts.VERIFY_REASON_PROMPT, texts.PROMPT_VERIFY_REASON, ticket_id)
        await send(update, context, [reply])
    else:
        await _check(update, context, ticket_id, False, " ".join(args[2:]))


def _verify_card(ticket_id: int) -> Reply:
    return Reply(texts.VERIFY_CARD_SHORT.format(id=ticket_id), keyboards.verify(ticket_id))


async def _check(
    update: Update, context: BotContext, ticket_id: int, passed: bool, reason: str
) -> None:
    user = update.effective_user
    assert user is not None
    try:
        await context.services.review.check(user.id, ticket_id, passed, reason)
    except NotOpen:
        text = texts.VERIFY_NOT_WAITING.format(id=ticket_id)
        await answer(update, context, Reply(text), clear=False)
        return
    except GridbotError as exc:
        await answer(update, context, Reply(refusal(exc, ticket_id)), clear=False)
        return
    done = texts.VERIFY_PASSED_DONE if passed else texts.VERIFY_FAILED_DONE
    await answer(update, context, Reply(done.format(id=ticket_id)))


async def _decide(update: Update, context: BotContext, ticket_id: int, button: object) -> None:
    user = update.effective_user
    assert user is not None
    review = context.services.review
    try:
        if button in (cb.EXTEND_YES, cb.EXTEND_NO):
            approve = button == cb.EXTEND_YES
            done = await review.decide_extension(user.id, ticket_id, approve)
            until = until_text(done.detail or None, context.tz)
            template = texts.EXTEND_APPROVED_DONE if approve else texts.EXTEND_REFUSED_DONE
        else:
            remove = button == cb.APPEAL_REMOVE
            await review.decide_appeal(user.id, ticket_id, remove)
            template, until = (
                (texts.APPEAL_REMOVED_DONE if remove else texts.APPEAL_UPHELD_DONE),
                "",
            )
    except OwnWork:
        await answer(update, context, Reply(texts.DECIDE_OWN), clear=False)
        return
    except GridbotError as exc:
        await answer(update, context, Reply(refusal(exc, ticket_id)), clear=False)
        return
    await answer(update, context, Reply(template.format(id=ticket_id, until=until)))


async def on_callback(update: Update, context: BotContext) -> None:
    """核查通过 / 核查不通过, 同意延期 / 不同意, 申诉, 维持评价 / 撤销评价."""
    query = update.callback_query
    if query is None:
        return
    found = await pressed_ticket(query)
    if found is None:
        return
    pressed, ticket_id = found
    button = pressed.button
    if button == cb.VERIFY_OK:
        await _check(update, context, ticket_id, True, "")
    elif button == cb.VERIFY_NO:
        reply = _prompt(texts.VERIFY_REASON_PROMPT, texts.PROMPT_VERIFY_REASON, ticket_id)
        await answer(update, context, reply, clear=False)
    elif button == cb.APPEAL:
        reply = _prompt(texts.APPEAL_REASON_PROMPT, texts.PROMPT_APPEAL_REASON, ticket_id)
        await answer(update, context, reply, clear=False)
    else:
        await _decide(update, context, ticket_id, button)


async def on_reason(update: Update, context: BotContext) -> None:
    """Words given by replying to a prompt: the reason of 核查不通过 or of 申诉."""
    message, user = update.effective_message, update.effective_user
    found = prompted(message)
    if message is None or user is None or found is None:
        return
    prompt, ticket_id = found
    reason = (message.text or "").strip()
    if prompt == texts.PROMPT_EVIDENCE:  # words where a photo was asked for: ask again
        reply = _prompt(texts.EVIDENCE_PROMPT_NO_DRAFT, texts.PROMPT_EVIDENCE, ticket_id)
        await send(update, context, [reply])
    elif prompt == texts.PROMPT_VERIFY_REASON:
        await _check(update, context, ticket_id, False, reason)
    else:
        await _appeal(update, context, user.id, ticket_id, reason)


async def on_evidence(update: Update, context: BotContext) -> None:
    """A photo sent in reply to the 办结照片 prompt: kept as evidence; a waiting 办结 goes on."""
    message, user = update.effective_message, update.effective_user
    found = prompted(message)
    if message is None or user is None or found is None:
        return
    best = message.photo[-1] if message.photo else message.document
    if best is None:
        return
    ticket_id = found[1]
    try:
        done = await context.services.review.add_evidence(
            user.id, ticket_id, best.file_id, best.file_unique_id
        )
    except GridbotError as exc:
        await send(update, context, [Reply(refusal(exc, ticket_id))])
        return
    text = texts.VERIFY_SUBMITTED if done.submitted else texts.EVIDENCE_KEPT
    await send(update, context, [Reply(text.format(id=ticket_id))])
