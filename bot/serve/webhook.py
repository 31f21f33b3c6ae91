"""Webhook mode: Telegram posts updates to a Starlette app served by uvicorn.

Follows python-telegram-bot's custom-webhook example: the ``Application`` runs without its
own web server; the webhook route checks the secret token and puts each update on
``application.update_queue``. ``/healthz`` and ``/metrics`` serve load balancers and
Prometheus. Several processes may serve the same bot behind a proxy: the idempotency guard
(``bot.chat.access``) makes a redelivered update harmless.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import signal
import sys
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from telegram import Update
from telegram.error import InvalidToken, NetworkError

from bot.bootstrap import Services, build_services
from bot.chat.app import build_application
from bot.chat.context import SERVICES_KEY, BotApp
from bot.chat.views import texts
from bot.config import Settings
from bot.serve import metrics
from bot.serve.api import build_api
from bot.serve.polling import preflight
from bot.serve.web.app import create_console

log = logging.getLogger(__name__)

NO_SECRET = (
    "Webhook mode needs GRIDBOT_WEBHOOK_SECRET: 1-256 characters of A-Z, a-z, 0-9, _ and -\n"
    '  (e.g. the output of: python -c "import secrets; print(secrets.token_urlsafe(32))")'
)
NO_URL = "Webhook mode needs GRIDBOT_WEBHOOK_URL: the public https:// address Telegram posts to"
SECRET_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HEALTH_TIMEOUT = 5.0


def webhook_url(settings: Settings) -> str:
    """The full URL registered with Telegram: the public base URL plus the webhook path."""
    assert settings.webhook_url is not None
    return settings.webhook_url.rstrip("/") + _path(settings)


def _path(settings: Settings) -> str:
    return "/" + settings.webhook_path.strip("/")


def config_problem(settings: Settings) -> str | None:
    """Why the settings cannot serve a webhook, or None."""
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
    if not secret or len(secret) > 256 or not set(secret) <= SECRET_CHARS:
        return NO_SECRET
    if not settings.webhook_url or not settings.webhook_url.startswith(("https://", "http://")):
        return NO_URL
    return None


def create_asgi_app(application: BotApp, settings: Settings) -> Starlette:
    """The ASGI app: the webhook route, ``/healthz``, ``/metrics`` and the open API (``/api``)."""
    assert settings.webhook_secret is not None, "webhook_secret is required"
    secret = settings.webhook_secret.get_secret_value().encode()
    services: Services = application.bot_data[SERVICES_KEY]
    counters = metrics.Counters()

    async def telegram(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, secret):
            counters.rejected += 1
            log.warning("webhook request without the right secret token from %s", request.client)
            return PlainTextResponse("forbidden", status_code=403)
        body = await _body(request, settings.webhook_max_body)
        if body is None:
            counters.rejected += 1
            log.warning("webhook body over %d bytes refused", settings.webhook_max_body)
            return PlainTextResponse("request body too large", status_code=413)
        update = _update(body, application)
        if update is None:
            return PlainTextResponse("malformed update", status_code=400)
        counters.updates += 1
        await application.update_queue.put(update)
        return Response(status_code=200)

    async def healthz(request: Request) -> Response:
        try:
            up = await asyncio.wait_for(metrics.database_up(services.sessions), HEALTH_TIMEOUT)
        except TimeoutError:
            up = False
        if up:
            return JSONResponse({"status": "ok", "database": "ok"})
        return JSONResponse({"status": "error", "database": "unreachable"}, status_code=503)

    async def prometheus(request: Request) -> Response:
        delayed = timedelta(minutes=settings.delayed_after_minutes)
        body = await metrics.render(counters, services.sessions, delayed)
        return Response(body, media_type=metrics.CONTENT_TYPE)

    return Starlette(
        routes=[
            Route(_path(settings), telegram, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/metrics", prometheus, methods=["GET"]),
            Mount("/console", create_console(services, settings.tz, application.bot)),
            Mount("/api", app=build_api(services, settings)),
        ]
    )


async def _body(request: Request, limit: int) -> bytes | None:
    """The request's body, or None as soon as it is known to exceed ``limit`` bytes (from
    Content-Length, else counting while it streams in: never read whole)."""
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _update(body: bytes, application: BotApp) -> Update | None:
    """The update in ``body``, or None when it is not JSON of an update object."""
    try:
        payload: Any = json.loads(body)
    except (ValueError, RecursionError):
        return None
    update_id = payload.get("update_id") if isinstance(payload, dict) else None
    if not isinstance(update_id, int) or isinstance(update_id, bool):
        return None
    try:
        return Update.de_json(payload, application.bot)
    except Exception:  # any shape PTB cannot read is the sender's error, not ours
        log.warning("webhook update %d could not be read", update_id)
        return None


class _Server(uvicorn.Server):
    """uvicorn, but a SIGINT/SIGTERM only ends ``serve()`` so the bot can shut down cleanly.

    (uvicorn re-raises the captured signal after serving, which would kill the process before
    the Application stops.)
    """

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        """Ask the server to exit on SIGINT/SIGTERM; do not re-raise the signal afterwards."""
        loop = asyncio.get_running_loop()
        signals = (signal.SIGINT, signal.SIGTERM)
        try:
            for sig in signals:
                loop.add_signal_handler(sig, self.handle_exit, sig, None)
        except (NotImplementedError, RuntimeError):  # not the main thread, or Windows
            yield
            return
        try:
            yield
        finally:
            for sig in signals:
                loop.remove_signal_handler(sig)


async def serve(settings: Settings) -> None:
    """Register the webhook, then serve it until uvicorn is told to stop (SIGINT/SIGTERM)."""
    assert settings.webhook_secret is not None
    application = build_application(settings, build_services(settings))
    server = _Server(
        uvicorn.Config(
            create_asgi_app(application, settings),
            host=settings.webhook_listen,
            port=settings.webhook_port,
            log_config=None,
            use_colors=False,
            lifespan="off",
        )
    )
    async with application:
        if application.post_init is not None:
            await application.post_init(application)
        await application.bot.set_webhook(
            url=webhook_url(settings),
            secret_token=settings.webhook_secret.get_secret_value(),
            allowed_updates=Update.ALL_TYPES,
        )
        log.info(
            "webhook registered; listening on %s:%d",
            settings.webhook_listen,
            settings.webhook_port,
        )
        await application.start()
        try:
            await server.serve()
        finally:
            await application.stop()
    if application.post_shutdown is not None:
        await application.post_shutdown(application)


def run_webhook(settings: Settings) -> int:
    """Serve the webhook until interrupted; exit non-zero with a clear message on bad setup."""
    if settings.telegram_token is None or not settings.telegram_token.get_secret_value():
        print(texts.NO_TOKEN, file=sys.stderr)
        return 2
    problem = config_problem(settings)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    try:
        username = asyncio.run(preflight(settings))
        log.info("connected to the Bot API as @%s", username)
        asyncio.run(serve(settings))
    except InvalidToken:
        print(texts.INVALID_TOKEN, file=sys.stderr)
        return 1
    except NetworkError as exc:
        print(
            texts.CANNOT_CONNECT.format(url=settings.telegram_api_url, error=exc), file=sys.stderr
        )
        return 1
    return 0


__all__ = ["create_asgi_app", "run_webhook", "serve", "webhook_url"]
