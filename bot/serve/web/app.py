"""The console as one ASGI app, mounted at ``/console`` (webhook app, ``gridbot web``, tests)."""

from __future__ import annotations

from datetime import tzinfo

from starlette.applications import Starlette
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from telegram import Bot

from bot.bootstrap import Services
from bot.serve.web import broadcasts, stats, tickets
from bot.serve.web.console import HERE, Console, guard, signin, signin_form, signout, templates


def create_console(services: Services, tz: tzinfo, files: Bot | None = None) -> Starlette:
    """The console's routes on these services; ``files`` (a telegram Bot) shows photos."""
    app = Starlette(
        routes=[
            Route("/signin", signin_form, methods=["GET"]),
            Route("/signin", signin, methods=["POST"]),
            Route("/signout", guard(signout), methods=["POST"]),
            *tickets.routes(),
            *stats.routes(),
            *broadcasts.routes(),
            Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        ]
    )
    app.state.console = Console(services, templates(), tz, files)
    return app
