"""The ORM models: areas, people, tickets and their history, the outbox, notices, operations.

Relationships load with ``lazy="raise"`` so a hidden lazy load fails loudly in async code.
Annotations name classes of sibling modules; the registry resolves them once all are loaded.
"""

from storage.models.api_keys import ApiKey, ApiKeyArea
from storage.models.base import (
    OPEN_STATUSES,
    ActorKind,
    AreaLevel,
    Base,
    OutboxStatus,
    StaffRole,
    TicketStatus,
)
from storage.models.conversation import ChatState
from storage.models.followers import AgendaItem, AgendaReply, TicketFollower
from storage.models.hotspots import HotspotAlert
from storage.models.notices import DeliveryStatus, Notice, NoticeDelivery, NoticeStatus
from storage.models.ops import AuditEntry, ProcessedUpdate
from storage.models.outbox import OutboxMessage
from storage.models.people import Area, Resident, Staff, StaffArea
from storage.models.tickets import Attachment, InfoRequest, Ticket, TicketEvent
from storage.models.visits import Helper, Household, Visit, Wish
from storage.models.web import WebSession, WebSignIn

__all__ = [
    "OPEN_STATUSES",
    "ActorKind",
    "AgendaItem",
    "AgendaReply",
    "ApiKey",
    "ApiKeyArea",
    "Area",
    "AreaLevel",
    "Attachment",
    "AuditEntry",
    "Base",
    "ChatState",
    "DeliveryStatus",
    "Helper",
    "HotspotAlert",
    "Household",
    "InfoRequest",
    "Notice",
    "NoticeDelivery",
    "NoticeStatus",
    "OutboxMessage",
    "OutboxStatus",
    "ProcessedUpdate",
    "Resident",
    "Staff",
    "StaffArea",
    "StaffRole",
    "Ticket",
    "TicketEvent",
    "TicketFollower",
    "TicketStatus",
    "Visit",
    "WebSession",
    "WebSignIn",
    "Wish",
]
