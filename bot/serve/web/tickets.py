"""The queue and the ticket page, and the actions take / reply / note / resolve / transfer.

Every action goes through ``WorkService`` (the chat commands' service): the same domain
checks, the same audit entry, the same notifications to the resident through the outbox.
"""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.chat.views import texts
from bot.queries.console import QueueFilter, Sort
from bot.serve.web.console import Console, guard
from bot.services.errors import Forbidden, GridbotError, NotFound, NotOpen
from bot.services.web_access import WebUser
from bot.services.work import AlreadyTaken

MAX_TEXT = 2000
STATES = ("open", "all", "assigned", "accepted", "resolved", "closed", "cancelled")
SORTS = {s.value: f"sort_{s.value}" for s in Sort}
TEXT_ACTIONS = ("reply", "note", "resolve")


def wanted(request: Request) -> QueueFilter:
    """The queue's filters from the query string (anything unknown is ignored)."""
    q = request.query_params
    page = q.get("page", "1")
    sort = q.get("sort", Sort.URGENT.value)
    return QueueFilter(
        area=q.get("area", ""),
        category=q.get("category", ""),
        state=q.get("state", "open") if q.get("state", "open") in STATES else "open",
        urgent=q.get("urgent") == "1",
        overdue=q.get("overdue") == "1",
        sort=Sort(sort) if sort in SORTS else Sort.URGENT,
        page=int(page) if page.isdecimal() and len(page) < 6 else 1,
    )


async def queue(request: Request, console: Console, user: WebUser) -> Response:
    """工单列表: filters by area, category, state, urgency, overdue; sortable; paged."""
    chosen = wanted(request)
    found = await console.services.console.search(user.actor, chosen)
    catalogue = console.services.intents.catalogue
    categories = [(i.key, i.name) for i in catalogue.intents]
    params = {k: v for k, v in request.query_params.items() if k != "page"}
    return console.render(
        request, "queue.html", user=user, found=found, chosen=chosen,
        categories=categories, states=STATES, sorts=SORTS, params=urlencode(params),
        status_names=texts.STATUS_NAMES, tz=console.tz, other_name=texts.OTHER_INTENT_NAME,
    )  # fmt: skip


async def ticket(request: Request, console: Console, user: WebUser) -> Response:
    """One ticket: its facts, history (notes too), photos and the actions."""
    ticket_id = int(request.path_params["id"])
    me = user.actor.telegram_id
    try:
        detail = await console.services.staff_tickets.detail(me, ticket_id)
    except NotFound:
        return console.refusal(request, "not_found", 404, user)
    try:
        grids = await console.services.work.grids_for_transfer(me, ticket_id)
    except GridbotError:
        grids = []
    message = _message(request)
    return console.render(
        request, "ticket.html", user=user, ticket=detail, grids=grids, message=message,
        status_names=texts.STATUS_NAMES, event_names=texts.EVENT_NAMES,
        actor_names=texts.ACTOR_NAMES, priority_names=texts.PRIORITY_NAMES,
        other_name=texts.OTHER_INTENT_NAME, tz=console.tz, csrf=user.csrf,
    )  # fmt: skip


def _message(request: Request) -> str:
    """The line shown after an action (from the redirect's query string)."""
    q = request.query_params
    key = q.get("msg", "")
    if key == "taken_by":
        return texts.WEB["taken_by"].format(name=q.get("name", ""))
    if key == "not_open":
        return texts.WEB["not_open"].format(status=texts.STATUS_NAMES.get(q.get("status", ""), ""))
    if key == "done_transfer":
        return texts.WEB["done_transfer"].format(name=q.get("name", ""))
    if key == "too_long":
        return texts.WEB["too_long"].format(n=MAX_TEXT)
    return texts.WEB.get(key, "") if key.startswith(("done_", "mine", "empty_")) else ""


async def act(request: Request, console: Console, user: WebUser) -> Response:
    """Do one action through the work service, then show the ticket again with the outcome."""
    ticket_id, action = int(request.path_params["id"]), request.path_params["action"]
    form = await request.form()
    text = str(form.get("text", "")).strip()
    work, me = console.services.work, user.actor.telegram_id
    outcome: dict[str, str] = {"msg": f"done_{action}"}
    if action in TEXT_ACTIONS and not text:
        return _back(request, ticket_id, {"msg": "empty_text"})
    if len(text) > MAX_TEXT:
        return _back(request, ticket_id, {"msg": "too_long"})
    try:
        if action == "take":
            done = await work.take(me, ticket_id)
            outcome = {"msg": "mine"} if done.detail == "mine" else outcome
        elif action in TEXT_ACTIONS:
            await getattr(work, action)(me, ticket_id, text)
        elif action == "transfer":
            done = await work.transfer(me, ticket_id, str(form.get("grid", "")), text)
            outcome["name"] = done.detail
        else:
            return console.refusal(request, "not_found", 404, user)
    except AlreadyTaken as exc:
        outcome = {"msg": "taken_by", "name": exc.owner}
    except NotOpen as exc:
        outcome = {"msg": "not_open", "status": exc.status}
    except (NotFound, Forbidden):
        return console.refusal(request, "not_found", 404, user)
    return _back(request, ticket_id, outcome)


def _back(request: Request, ticket_id: int, outcome: dict[str, str]) -> Response:
    base = request.scope.get("root_path", "")
    return RedirectResponse(f"{base}/tickets/{ticket_id}?{urlencode(outcome)}", status_code=303)


async def photo(request: Request, console: Console, user: WebUser) -> Response:
    """A ticket's photo, fetched through the bot's file API (never stored by the console)."""
    ticket_id, index = int(request.path_params["id"]), int(request.path_params["n"])
    try:
        file_ids = await console.services.console.photos(user.actor, ticket_id)
    except NotFound:
        return console.refusal(request, "not_found", 404, user)
    if console.files is None or not 0 <= index < len(file_ids):
        return console.refusal(request, "not_found", 404, user)
    found = await console.files.get_file(file_ids[index])
    data = bytes(await found.download_as_bytearray())
    headers = {"Cache-Control": "private, max-age=3600", "X-Content-Type-Options": "nosniff"}
    return Response(data, media_type=_image_type(data), headers=headers)


def _image_type(data: bytes) -> str:
    """The picture's type from its first bytes (Telegram's photos are JPEG)."""
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data[8:12] == b"WEBP":
        return "image/webp"
    return "image/jpeg"


def routes() -> list[Route]:
    """The queue's and the ticket's routes."""
    return [
        Route("/", guard(queue), methods=["GET"]),
        Route("/tickets/{id:int}", guard(ticket), methods=["GET"]),
        Route("/tickets/{id:int}/photos/{n:int}", guard(photo), methods=["GET"]),
        Route("/tickets/{id:int}/{action:str}", guard(act), methods=["POST"]),
    ]
