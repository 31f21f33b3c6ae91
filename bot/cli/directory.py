"""``gridbot areas`` and ``gridbot staff``: the area hierarchy and the staff directory."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bot.bootstrap import Services
from bot.cli.common import with_services
from bot.config import Settings
from storage.models import StaffRole


def cmd_areas_import(settings: Settings, args: argparse.Namespace) -> int:
    """Import (or update) the area hierarchy from a YAML file."""

    async def work(services: Services) -> int:
        if args.if_empty and await services.areas.count() > 0:
            print("areas already present; nothing imported")
            return 0
        services.households.check_file(Path(args.file))  # 进百家门: all or nothing
        report = await services.areas.import_file(Path(args.file))
        homes = await services.households.import_file(Path(args.file))  # 进百家门
        levels = ", ".join(f"{k}={v}" for k, v in sorted(report.by_level.items()))
        more = f"; households: {homes.created} created, {homes.updated} updated"
        print(
            f"imported {args.file}: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged ({levels})"
            + (more if homes.created + homes.updated else "")
        )
        return 0

    return with_services(settings, work)


def cmd_staff_add(settings: Settings, args: argparse.Namespace) -> int:
    """Add a worker or admin, or change their role and areas."""
    codes = [*args.grid, *args.community, *args.area]

    async def work(services: Services) -> int:
        view = await services.staff.add(args.telegram_id, StaffRole(args.role), codes, args.name)
        print(f"{view.role.value} {view.telegram_id} {view.name}: {', '.join(view.area_codes)}")
        return 0

    return with_services(settings, work)


def cmd_staff_list(settings: Settings, args: argparse.Namespace) -> int:
    """List staff with their areas."""

    async def work(services: Services) -> int:
        rows = await services.staff.list()
        for s in rows:
            state = "" if s.active else " (inactive)"
            print(f"{s.telegram_id}\t{s.role.value}\t{s.name}\t{','.join(s.area_codes)}{state}")
        if not rows:
            print("no staff yet; add one with: gridbot staff add TELEGRAM_ID --role worker ...")
        return 0

    return with_services(settings, work)


def add_directory_commands(sub: Any) -> None:
    """Register ``areas import``, ``staff add`` and ``staff list`` on the ``gridbot`` parser."""
    areas = sub.add_parser("areas", help="area hierarchy").add_subparsers(
        dest="areas", required=True
    )
    imp = areas.add_parser("import", help="import areas from a YAML file (idempotent)")
    imp.add_argument("file")
    imp.add_argument("--if-empty", action="store_true", help="only if no areas exist yet")
    imp.set_defaults(func=cmd_areas_import)

    staff = sub.add_parser("staff", help="grid workers and admins").add_subparsers(
        dest="staff", required=True
    )
    add = staff.add_parser("add", help="add or update a staff member")
    add.add_argument("telegram_id", type=int)
    add.add_argument("--role", required=True, choices=[r.value for r in StaffRole])
    add.add_argument("--grid", action="append", default=[], metavar="CODE", help="worker's grid")
    add.add_argument("--community", action="append", default=[], metavar="CODE")
    add.add_argument("--area", action="append", default=[], metavar="CODE", help="any area code")
    add.add_argument("--name", default="")
    add.set_defaults(func=cmd_staff_add)
    staff.add_parser("list", help="list staff").set_defaults(func=cmd_staff_list)
