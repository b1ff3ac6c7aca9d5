"""The ``relationship_events`` collection: append-only history of every state change."""

from datetime import datetime
from typing import Any

from beanie import Document
from pydantic import Field

from models.enums import ActorKind, EventAction, RelationshipStatus, RelationshipType


class RelationshipEvent(Document):
    tenant_id: str
    actor: str  # the user the change was made for ("admin" for a whole-user erase)
    actor_kind: ActorKind = ActorKind.USER  # who really made it (rule 12)
    actor_key_id: str | None = None  # the admin's key, when an admin made it
    actor_token_id: str | None = None  # the user token's id, when the user called with one
    owner: str  # the edge's user_id
    target: str  # the edge's target_user_id
    type: RelationshipType | None  # None for events about a whole user (erase)
    action: EventAction
    from_status: RelationshipStatus | None = None
    to_status: RelationshipStatus | None = None
    at: datetime
    details: dict[str, Any] = Field(default_factory=dict)
    visible_to: list[str]  # whose history lists this event
    involves: list[str] = Field(default_factory=list)  # owner and target: the admin's filters
    # The pair's key in 64 bits (owner and target, either order; the user's own for an event
    # about one user): a pair's history is one index range. None: written before pair keys.
    pair: int | None = None
    expires_at: datetime | None = None  # the tenant's history retention; a TTL index purges

    class Settings:
        name = "relationship_events"
