"""Prometheus metrics: in-process counters plus database gauges read at scrape time."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import DeliveryStatus, OutboxStatus, TicketStatus
from storage.ops_repos import MetricsRepo
from storage.types import utcnow

log = logging.getLogger(__name__)

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
DELAYED_AFTER = timedelta(minutes=15)


@dataclass
class Counters:
    """Counters of this process (reset on restart, as Prometheus counters may be)."""

    updates: int = 0
    rejected: int = 0


def _family(name: str, kind: str, help_text: str, samples: Iterable[str]) -> list[str]:
    return [f"# HELP {name} {help_text}", f"# TYPE {name} {kind}", *samples]


async def database_up(sessions: async_sessionmaker[AsyncSession]) -> bool:
    """Whether ``SELECT 1`` succeeds."""
    try:
        async with sessions() as session, session.begin():
            await MetricsRepo(session).ping()
    except (SQLAlchemyError, OSError) as exc:
        log.warning("database unreachable: %s", exc.__class__.__name__)
        return False
    return True


async def render(
    counters: Counters,
    sessions: async_sessionmaker[AsyncSession],
    delayed_after: timedelta = DELAYED_AFTER,
) -> str:
    """The exposition text: counters always, database gauges when the database answers."""
    lines = _family(
        "gridbot_updates_total",
        "counter",
        "Telegram updates accepted by this process's webhook.",
        [f"gridbot_updates_total {counters.updates}"],
    )
    lines += _family(
        "gridbot_webhook_rejected_total",
        "counter",
        "Webhook requests refused for a missing or wrong secret token.",
        [f"gridbot_webhook_rejected_total {counters.rejected}"],
    )
    try:
        async with sessions() as session, session.begin():
            repo = MetricsRepo(session)
            tickets, outbox = await repo.tickets_by_status(), await repo.outbox_by_status()
            delayed = await repo.outbox_delayed(utcnow() - delayed_after)
            copies = await repo.deliveries_by_status()
    except (SQLAlchemyError, OSError) as exc:
        log.warning("metrics: database unreachable: %s", exc.__class__.__name__)
        lines += _family(
            "gridbot_database_up", "gauge", "1 if the database answers.", ["gridbot_database_up 0"]
        )
        return "\n".join(lines) + "\n"
    lines += _family(
        "gridbot_database_up", "gauge", "1 if the database answers.", ["gridbot_database_up 1"]
    )
    lines += _family(
        "gridbot_tickets",
        "gauge",
        "Tickets by status.",
        [f'gridbot_tickets{{status="{s.value}"}} {tickets.get(s.value, 0)}' for s in TicketStatus],
    )
    lines += _family(
        "gridbot_outbox_pending",
        "gauge",
        "Outbox messages waiting to be sent (the backlog).",
        [f"gridbot_outbox_pending {outbox.get(OutboxStatus.PENDING.value, 0)}"],
    )
    failed = (OutboxStatus.FAILED, OutboxStatus.BLOCKED)
    lines += _family(
        "gridbot_outbox_undeliverable",
        "gauge",
        "Outbox messages that could not be sent, by status (failed, or blocked by the user).",
        [
            f'gridbot_outbox_undeliverable{{status="{s.value}"}} {outbox.get(s.value, 0)}'
            for s in failed
        ],
    )
    lines += _delivery_families(delayed, delayed_after, copies)
    return "\n".join(lines) + "\n"


def _delivery_families(delayed: int, after: timedelta, copies: dict[str, int]) -> list[str]:
    """Long-delayed notifications, and notice copies by status."""
    minutes = int(after.total_seconds() // 60)
    lines = _family(
        "gridbot_outbox_delayed",
        "gauge",
        f"Outbox messages still pending more than {minutes} minutes after they were written.",
        [f"gridbot_outbox_delayed {delayed}"],
    )
    lines += _family(
        "gridbot_notice_copies",
        "gauge",
        "Notice copies by delivery status (pending, sent, failed, blocked).",
        [
            f'gridbot_notice_copies{{status="{s.value}"}} {copies.get(s.value, 0)}'
            for s in DeliveryStatus
        ],
    )
    return lines
