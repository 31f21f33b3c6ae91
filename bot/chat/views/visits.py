"""进百家门 as messages: a household's card, today's list, the checklist, coverage."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, tzinfo
from itertools import groupby

from telegram import ForceReply, InlineKeyboardButton, InlineKeyboardMarkup

from bot.chat.views import callbacks as cb
from bot.chat.views import texts
from bot.chat.views.render import Reply, esc
from bot.domain import visits as rules
from bot.queries.visits import Coverage, Door, Today
from bot.services.visit_log import VisitDone
from bot.services.visits import HouseholdCard

MAX_DOOR_BUTTONS = 30
"""Doors with buttons in one /visits answer (Telegram allows 100 buttons a message)."""

Button = InlineKeyboardButton


def _when(value: datetime | None, tz: tzinfo, empty: str = texts.HOUSEHOLD_NONE) -> str:
    return value.astimezone(tz).strftime("%m-%d %H:%M") if value else empty


def household(card: HouseholdCard, groups: Sequence[str], tz: tzinfo, head: str = "") -> Reply:
    """A household's card with its consent, care-group and visit buttons."""
    text = texts.HOUSEHOLD_CARD.format(
        id=card.id,
        grid=esc(card.grid),
        address=esc(card.address),
        name=esc(card.name),
        phone=esc(card.phone) or texts.HOUSEHOLD_NONE,
        tags=texts.TAG_SEP.join(esc(t) for t in card.tags) or texts.HOUSEHOLD_NONE,
        consent=texts.HOUSEHOLD_CONSENT_YES if card.consented else texts.HOUSEHOLD_CONSENT_NO,
        next_due=_when(card.next_due, tz),
        last=_when(card.last_visit, tz, texts.HOUSEHOLD_NEVER),
        notes=esc(card.notes) or texts.HOUSEHOLD_NONE,
    )
    consent = texts.BUTTON_CONSENT_WITHDRAW if card.consented else texts.BUTTON_CONSENT
    rows = [[Button(consent, callback_data=cb.HH_CONSENT(card.id))]]
    tags = [
        Button(
            (texts.BUTTON_TAG_ON if tag in card.tags else texts.BUTTON_TAG_OFF).format(tag=tag),
            callback_data=cb.HH_TAG(card.id, str(index)),
        )
        for index, tag in enumerate(groups)
    ]
    rows += [tags[i : i + 3] for i in range(0, len(tags), 3)]
    rows.append(_door_buttons(card.id, texts.BUTTON_VISITED))
    return Reply(f"{head}\n\n{text}" if head else text, InlineKeyboardMarkup(rows))


def _door_buttons(household_id: int, visited: str) -> list[InlineKeyboardButton]:
    return [
        Button(visited, callback_data=cb.VISIT_START(household_id)),
        Button(texts.BUTTON_ABSENT, callback_data=cb.VISIT_ABSENT(household_id)),
    ]


def _doors(doors: Iterable[Door]) -> str:
    text = ""
    for building, group in groupby(doors, key=lambda d: d.building):
        text += texts.VISITS_BUILDING.format(building=esc(building))
        for d in group:
            address = d.address.removeprefix(building).strip() or d.address
            tags = texts.VISITS_DOOR_TAGS.format(tags=texts.TAG_SEP.join(d.tags)) if d.tags else ""
            text += texts.VISITS_DOOR.format(address=esc(address), name=esc(d.name), tags=tags)
    return text


def today(found: Today, now: datetime, tz: tzinfo) -> Reply:
    """Today's door-knock list: overdue, then due, by building; notices; one-tap buttons."""
    doors = [*found.overdue, *found.due]
    if not doors and not found.notices:
        return Reply(texts.VISITS_EMPTY)
    text = texts.VISITS_HEADER.format(
        date=now.astimezone(tz).strftime("%m-%d"),
        total=len(doors),
        overdue=len(found.overdue),
        due=len(found.due),
    )
    if found.overdue:
        text += texts.VISITS_OVERDUE + _doors(found.overdue)
    if found.due:
        text += texts.VISITS_DUE + _doors(found.due)
    if found.notices:
        text += texts.VISITS_NOTICES
        for notice_id, group in groupby(found.notices, key=lambda n: n.notice_id):
            text += texts.VISITS_NOTICE_HEAD.format(id=notice_id)
            for n in group:
                address = esc(n.address) or texts.VISIT_NO_ADDRESS
                text += texts.VISITS_NOTICE_DOOR.format(address=address, name=esc(n.name))
    if not doors:
        return Reply(text)
    text += texts.VISITS_BUTTONS_NOTE
    if len(doors) > MAX_DOOR_BUTTONS:
        text += texts.VISITS_MORE.format(shown=MAX_DOOR_BUTTONS)
    rows: list[list[InlineKeyboardButton]] = []
    for d in doors[:MAX_DOOR_BUTTONS]:
        start, absent = _door_buttons(d.household_id, texts.BUTTON_DOOR.format(address=d.address))
        detail = Button(texts.BUTTON_DETAIL, callback_data=cb.HH_SHOW(d.household_id))
        rows += [[start], [absent, detail]]
    return Reply(text, InlineKeyboardMarkup(rows))


def checklist(card: HouseholdCard, mask: int) -> Reply:
    """The visit's checklist: each item OK or 有问题 (one tap switches), then 完成走访."""
    marked = set(rules.problems(mask))
    rows = []
    for check in rules.Check:
        template = texts.BUTTON_CHECK_PROBLEM if check in marked else texts.BUTTON_CHECK_OK
        data = cb.VISIT_CHECKS(card.id, str(rules.toggled(mask, check)))
        rows.append([Button(template.format(name=texts.CHECK_NAMES[check]), callback_data=data)])
    rows.append([Button(texts.BUTTON_FINISH, callback_data=cb.VISIT_DONE(card.id, str(mask)))])
    text = texts.VISIT_CHECKLIST.format(address=esc(card.address), name=esc(card.name))
    return Reply(text, InlineKeyboardMarkup(rows))


def findings_words() -> dict[rules.Check, str]:
    """The text of the ticket each finding opens."""
    return {check: texts.VISIT_FINDINGS[check] for check in rules.Check}


def recorded(done: VisitDone, tz: tzinfo) -> Reply:
    """What the worker is told after 完成走访 or 不在家."""
    values = {
        "address": esc(done.address),
        "time": _when(done.at, tz),
        "next_due": _when(done.next_due, tz),
    }
    if done.outcome is rules.Outcome.ABSENT:
        text = texts.VISIT_ABSENT_RECORDED.format(**values)
    else:
        text = texts.VISIT_RECORDED.format(**values)
        if not done.findings:
            text += texts.VISIT_ALL_OK
        else:
            text += texts.VISIT_FINDINGS_HEAD
            for f in done.findings:
                text += texts.VISIT_FINDING.format(id=f.ticket_id, name=texts.CHECK_NAMES[f.check])
    if done.repeated:
        text += texts.VISIT_REPEATED
    return Reply(text)


def photo_prompts(done: VisitDone) -> list[Reply]:
    """One reply prompt per finding: a photo sent in answer is attached to its ticket."""
    if done.repeated:
        return []
    return [
        Reply(
            texts.FINDING_PHOTO_ASK.format(id=f.ticket_id, name=texts.CHECK_NAMES[f.check]),
            ForceReply(selective=True),
        )
        for f in done.findings
    ]


def coverage(found: Coverage) -> str:
    """Visit coverage per grid and per worker, for /stats."""
    text = texts.COVERAGE_HEADER.format(days=found.days)
    if not found.grids and not found.workers:
        return text + texts.COVERAGE_NONE
    for g in found.grids:
        text += texts.COVERAGE_GRID.format(
            grid=esc(g.name), households=g.households, due=g.due, overdue=g.overdue,
            never=g.never, visited=g.visited, absent=g.absent,
        )  # fmt: skip
    if found.workers:
        text += texts.COVERAGE_WORKERS + texts.TAG_SEP.join(
            texts.COVERAGE_WORKER.format(name=esc(w.name), visited=w.visited, absent=w.absent)
            for w in found.workers
        )
    if found.rated_on_behalf:
        text += texts.COVERAGE_RATED.format(
            ratings=texts.TAG_SEP.join(
                f"{texts.RATING_WORDS_SHOWN[k]} {n}" for k, n in found.rated_on_behalf
            )
        )
    return text
