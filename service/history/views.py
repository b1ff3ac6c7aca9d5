"""How history events look on the wire (the user's history and the admin's audit trail)."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel

from models.enums import ActorKind, EventAction, RelationshipStatus, RelationshipType
from models.event import RelationshipEvent
from service.core.data.pagination import Page


class EventView(BaseModel):
    id: str
    actor: str  # the user the change was made for
    actor_kind: ActorKind  # who made it: the user, an admin, the operator or an import
    actor_key_id: str | None  # the admin's key id
    actor_token_id: str | None = None  # the user token's id, when the user called with one
    owner: str
    target: str
    type: RelationshipType | None
    action: EventAction
    from_status: RelationshipStatus | None
    to_status: RelationshipStatus | None
    at: datetime
    details: dict[str, Any]


def to_event_page(events: list[RelationshipEvent], cursor: str | None) -> Page[EventView]:
    items = [
        EventView.model_validate({**e.model_dump(exclude={"id"}), "id": str(e.id)}) for e in events
    ]
    return Page[EventView](items=items, next_cursor=cursor)
