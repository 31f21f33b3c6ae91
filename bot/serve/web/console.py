"""The console's frame: the app, its templates, sign-in, sessions, CSRF and the guard of pages.

The session is a random token in a secure, HTTP-only, SameSite=Strict cookie (only its hash is
stored); every form carries the session's CSRF token. Every page resolves the staff member
afresh (``WebAccess.user``) and goes through the same services and policy as the chat.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from telegram import Bot

from bot.bootstrap import Services
from bot.chat.views import texts
from bot.services.errors import NotFound
from bot.services.web_access import SESSION_LIFETIME, WebUser

HERE = Path(__file__).resolve().parent
COOKIE = "gridbot_console"
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; form-action 'self'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

Page = Callable[[Request, "Console", WebUser], Awaitable[Response]]


@dataclass
class Console:
    """What every page needs: the services, the templates, the bot's file access."""

    services: Services
    templates: Environment
    tz: tzinfo
    files: Bot | None = None  # the bot, for photos (``get_file``); None: photos not shown

    def render(self, request: Request, name: str, status: int = 200, **values: Any) -> Response:
        """A page from its template, with the labels and the mount point."""
        template = self.templates.get_template(name)
        base = request.scope.get("root_path", "")
        html = template.render(t=texts.WEB, base=base, **values)
        return HTMLResponse(html, status_code=status, headers=HEADERS)

    def refusal(self, request: Request, key: str, status: int, user: WebUser | None) -> Response:
        """A page that says, in words, why nothing is shown."""
        return self.render(request, "message.html", status, message=texts.WEB[key], user=user)


def templates() -> Environment:
    """The console's templates, escaping every value."""
    return Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def console_of(request: Request) -> Console:
    """The console this request belongs to."""
    console: Console = request.app.state.console
    return console


def guard(page: Page) -> Callable[[Request], Awaitable[Response]]:
    """A page for signed-in staff only; a POST must carry the session's CSRF token."""

    async def endpoint(request: Request) -> Response:
        console = console_of(request)
        user = await console.services.web.user(request.cookies.get(COOKIE, ""))
        if user is None:
            return console.refusal(request, "signin_needed", 401, None)
        if request.method == "POST":
            form = await request.form()
            given = str(form.get("csrf", ""))
            if not hmac.compare_digest(given.encode(), user.csrf.encode()):
                return console.refusal(request, "csrf", 403, user)
        return await page(request, console, user)

    return endpoint


async def signin_form(request: Request) -> Response:
    """The link's page: a button that signs in (a GET never uses the link up)."""
    token = request.query_params.get("token", "")
    return console_of(request).render(request, "signin.html", token=token, user=None)


async def signin(request: Request) -> Response:
    """Use the link once; set the session cookie; go to the queue."""
    console = console_of(request)
    form = await request.form()
    try:
        login = await console.services.web.sign_in(str(form.get("token", "")))
    except NotFound:
        return console.refusal(request, "signin_bad", 403, None)
    base = request.scope.get("root_path", "")
    response = RedirectResponse(f"{base}/", status_code=303)
    response.set_cookie(
        COOKIE,
        login.token,
        max_age=int(SESSION_LIFETIME.total_seconds()),
        path=base or "/",
        secure=True,
        httponly=True,
        samesite="strict",
    )
    return response


async def signout(request: Request, console: Console, user: WebUser) -> Response:
    """Forget this session and its cookie."""
    await console.services.web.sign_out(request.cookies.get(COOKIE, ""))
    response = console.refusal(request, "signed_out", 200, None)
    response.delete_cookie(COOKIE, path=request.scope.get("root_path", "") or "/")
    return response
