"""The feed's view of an event: the history's view, never a key or a token (also what a
webhook delivers)."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from models.enums import ActorKind, EventAction, RelationshipStatus, RelationshipType
from models.event import RelationshipEvent


class FeedEvent(BaseModel):
    event_id: str
    type: EventAction  # what happened (the history's action)
    occurred_at: datetime
    actor: str  # the user the change was made for
    actor_kind: ActorKind  # who made it: the user, an admin, the operator or an import
    owner: str
    target: str
    relationship_type: RelationshipType | None
    from_status: RelationshipStatus | None
    to_status: RelationshipStatus | None
    details: dict[str, Any]


class FeedPageView(BaseModel):
    model_config = ConfigDict(title="FeedPage")

    items: list[FeedEvent]
    next_cursor: str  # present on every page, an empty one too: read on from here


def event_view(event: RelationshipEvent) -> FeedEvent:
    return FeedEvent(
        event_id=str(event.id),
        type=event.action,
        occurred_at=event.at,
        actor=event.actor,
        actor_kind=event.actor_kind,
        owner=event.owner,
        target=event.target,
        relationship_type=event.type,
        from_status=event.from_status,
        to_status=event.to_status,
        details=event.details,
    )
