"""The ``relationship_events`` collection: append-only history of every state change."""

from datetime import datetime
from typing import Any

from beanie import Document
from pydantic import Field

from models.enums import EventAction, RelationshipStatus, RelationshipType


class RelationshipEvent(Document):
    tenant_id: str
    actor: str  # who acted (an end user, or "admin" for tenant-admin actions)
    owner: str  # the edge's user_id
    target: str  # the edge's target_user_id
    type: RelationshipType | None  # None for events about a whole user (erase)
    action: EventAction
    from_status: RelationshipStatus | None = None
    to_status: RelationshipStatus | None = None
    at: datetime
    details: dict[str, Any] = Field(default_factory=dict)
    visible_to: list[str]  # whose history lists this event

    class Settings:
        name = "relationship_events"
