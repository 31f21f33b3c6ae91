"""``gridbot api-key``: keys of the open API (create — the key is printed once — list, revoke)."""

from __future__ import annotations

import argparse
from typing import Any

from bot.bootstrap import Services
from bot.cli.common import with_services
from bot.config import Settings
from bot.services.api_keys import ApiKeyService, KeyView


def _line(view: KeyView) -> str:
    state = "active" if view.revoked_at is None else f"revoked {view.revoked_at:%Y-%m-%d %H:%M}Z"
    created = f"{view.created_at:%Y-%m-%d %H:%M}Z"
    return (
        f"{view.id}\t{view.prefix}…\t{view.name}\t{','.join(view.area_codes)}\t{created}\t{state}"
    )


def cmd_create(settings: Settings, args: argparse.Namespace) -> int:
    """Create a key for an integration, scoped to areas; print it once."""

    async def work(services: Services) -> int:
        keys = ApiKeyService(services.sessions, services.clock)
        view, secret = await keys.create(args.name, args.area)
        print(f"api key {view.id} for {view.name} ({', '.join(view.area_codes)}):")
        print(secret)
        print("Store it now: only its hash is kept, it cannot be shown again.")
        return 0

    return with_services(settings, work)


def cmd_list(settings: Settings, args: argparse.Namespace) -> int:
    """List keys: id, prefix, name, areas, created, active or revoked (never the key)."""

    async def work(services: Services) -> int:
        views = await ApiKeyService(services.sessions, services.clock).list()
        for view in views:
            print(_line(view))
        if not views:
            print(
                "no api keys yet; create one with: gridbot api-key create --area CODE --name NAME"
            )
        return 0

    return with_services(settings, work)


def cmd_revoke(settings: Settings, args: argparse.Namespace) -> int:
    """Revoke a key: it is refused from now on."""

    async def work(services: Services) -> int:
        view = await ApiKeyService(services.sessions, services.clock).revoke(args.key_id)
        print(_line(view))
        return 0

    return with_services(settings, work)


def add_api_key_commands(sub: Any) -> None:
    """Register ``api-key create``, ``api-key list`` and ``api-key revoke``."""
    keys = sub.add_parser("api-key", help="keys of the open API (Open311)").add_subparsers(
        dest="api_key", required=True
    )
    create = keys.add_parser("create", help="create a key scoped to areas (printed once)")
    create.add_argument("--area", action="append", required=True, metavar="CODE")
    create.add_argument("--name", required=True, help="the integration, e.g. 12345热线")
    create.set_defaults(func=cmd_create)
    keys.add_parser("list", help="list keys (never the keys themselves)").set_defaults(
        func=cmd_list
    )
    revoke = keys.add_parser("revoke", help="refuse a key from now on")
    revoke.add_argument("key_id", type=int, metavar="ID")
    revoke.set_defaults(func=cmd_revoke)
