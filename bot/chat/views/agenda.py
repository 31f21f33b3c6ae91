"""每月一题 as admins read it (/agenda) and as invited residents read it."""

from __future__ import annotations

from bot.chat.views import texts
from bot.chat.views.render import esc
from bot.queries.agenda import AgendaView


def place(item: AgendaView) -> str:
    """第二网格 3号楼, or the grid alone (escaped)."""
    grid = item.grid or texts.NOT_SET
    return esc(f"{grid} {item.building}" if item.building else grid)


def _intent(item: AgendaView) -> str:
    return esc(item.intent_name or texts.OTHER_INTENT_NAME)


def item_text(item: AgendaView) -> str:
    """One item: what, where, its tickets and stage, the counts, suggestions and outcome."""
    lines = [
        texts.AGENDA_ITEM.format(
            id=item.id,
            month=item.month,
            stage=texts.AGENDA_STAGES.get(item.status, item.status),
            kind=texts.HOTSPOT_KINDS.get(item.kind, item.kind),
            intent=_intent(item),
            place=place(item),
            tickets="、".join(f"#{t}" for t in item.tickets),
            invited=item.invited,
            joining=item.joining,
            suggestions=item.suggestion_count,
        )
    ]
    if item.suggestions:
        lines.append(texts.AGENDA_SUGGESTIONS_HEADER)
        lines += [
            texts.AGENDA_SUGGESTION.format(name=esc(name or "居民"), text=esc(text))
            for name, text in item.suggestions
        ]
    if item.outcome:
        lines.append(texts.AGENDA_OUTCOME_LINE.format(outcome=esc(item.outcome)))
    lines.append(texts.AGENDA_NEXT.get(item.status, "").format(id=item.id))
    return "\n".join(line for line in lines if line)


def listing(items: list[AgendaView]) -> str:
    """Every item of the admin's areas, newest first, one line each."""
    if not items:
        return texts.AGENDA_EMPTY
    lines = [
        texts.AGENDA_LIST_LINE.format(
            id=i.id,
            month=i.month,
            intent=_intent(i),
            place=place(i),
            stage=texts.AGENDA_STAGES.get(i.status, i.status),
            invited=i.invited,
            joining=i.joining,
            suggestions=i.suggestion_count,
        )
        for i in items
    ]
    return "\n".join([texts.AGENDA_LIST_HEADER, *lines, texts.AGENDA_LIST_FOOTER])


def invitation(item: AgendaView) -> str:
    """The invitation a resident reads."""
    return texts.AGENDA_INVITE.format(intent=_intent(item), place=place(item))


def outcome(item: AgendaView) -> str:
    """The outcome a resident reads."""
    return texts.AGENDA_OUTCOME.format(
        intent=_intent(item), place=place(item), outcome=esc(item.outcome or "")
    )
