"""通知 in the console, for admins: compose with a scope, preview with the exact count, send,
follow the progress and the receipts (who has not pressed 已阅 yet).

Everything goes through ``BroadcastService`` (the /broadcast dialogue's service): the same
audience rules, the same delivery rows; the bot's broadcaster sends the copies (its job picks
up new ones within seconds) and the texts are the chat's (``bot.chat.views.notices``).
"""

from __future__ import annotations

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.chat.views import notices, texts
from bot.serve.web.console import Console, guard
from bot.services.broadcast import parse_audience
from bot.services.errors import Forbidden, InvalidInput, NotFound
from bot.services.web_access import WebUser

SCOPE_LEVELS = ("community", "grid")


async def index(request: Request, console: Console, user: WebUser, error: str = "") -> Response:
    """My latest notices, and the form to write a new one."""
    if not user.actor.is_admin:
        return console.refusal(request, "forbidden", 403, user)
    sent = await console.services.broadcast.recent(user.actor.telegram_id)
    areas = [a for a in await console.services.console.areas(user.actor) if a.level in SCOPE_LEVELS]
    listed = [(d, notices.audience(d)) for d in sent]
    return console.render(
        request, "broadcasts.html", user=user, sent=listed, areas=areas, error=error,
        status_names=texts.NOTICE_STATUS_NAMES, all_label=texts.BC_AUDIENCE_ALL,
    )  # fmt: skip


def _audience_word(scope: str, building: str) -> str:
    """The /broadcast scope word from the form: ``all``, ``grid:x``, ``building:x:3号楼``."""
    if building and scope.startswith("community:"):
        return f"building:{scope.partition(':')[2]}:{building}"
    return scope


async def preview(request: Request, console: Console, user: WebUser) -> Response:
    """A draft with the exact number of recipients, and 发送 / 取消."""
    if not user.actor.is_admin:
        return console.refusal(request, "forbidden", 403, user)
    form = await request.form()
    text = str(form.get("text", "")).strip()
    building = str(form.get("building", "")).strip()
    try:
        audience = parse_audience(_audience_word(str(form.get("scope", "")), building))
        draft = await console.services.broadcast.draft(
            user.actor.telegram_id, audience, text, None, form.get("ack") == "1"
        )
    except (InvalidInput, NotFound, Forbidden):
        return await index(request, console, user, error=texts.WEB["bc_invalid"])
    shown = Markup(notices.preview(draft).text)  # the chat's preview: escaped, <b> only
    return console.render(
        request, "broadcast_preview.html", user=user, draft=draft, shown=shown, csrf=user.csrf
    )


async def decide(request: Request, console: Console, user: WebUser) -> Response:
    """发送 (then follow the progress) or 取消 a draft."""
    notice_id, action = int(request.path_params["id"]), request.path_params["action"]
    service, me = console.services.broadcast, user.actor.telegram_id
    base = request.scope.get("root_path", "")
    try:
        if action == "send":
            await service.start(me, notice_id, None, None)
            return RedirectResponse(f"{base}/broadcasts/{notice_id}", status_code=303)
        if action == "cancel":
            await service.cancel(me, notice_id)
            return RedirectResponse(f"{base}/broadcasts", status_code=303)
    except (InvalidInput, NotFound, Forbidden):
        pass
    return console.refusal(request, "bc_gone", 404, user)


async def show(request: Request, console: Console, user: WebUser) -> Response:
    """Progress and receipts of a sent notice (the page refreshes itself while sending)."""
    notice_id = int(request.path_params["id"])
    try:
        found = await console.services.broadcast.report(user.actor.telegram_id, notice_id)
    except (NotFound, Forbidden):
        return console.refusal(request, "bc_gone", 404, user)
    shown = Markup(notices.report(found))  # the chat's /notice text: escaped, <b> only
    return console.render(
        request, "broadcast.html", user=user, report=found, shown=shown, done=found.progress.done
    )


def routes() -> list[Route]:
    """The broadcast pages."""
    return [
        Route("/broadcasts", guard(index), methods=["GET"]),
        Route("/broadcasts", guard(preview), methods=["POST"]),
        Route("/broadcasts/{id:int}", guard(show), methods=["GET"]),
        Route("/broadcasts/{id:int}/{action:str}", guard(decide), methods=["POST"]),
    ]
