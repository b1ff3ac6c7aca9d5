"""HTTP for a user's relationship history."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel

from models.enums import EventAction, RelationshipStatus, RelationshipType
from models.event import RelationshipEvent
from service.core.auth import AppContext
from service.core.ids import UserIdPath
from service.core.pagination import Page, PageParams
from service.core.routing import LIST_ERRORS, user_router
from service.history.events import history_page

router = user_router(*LIST_ERRORS)


class EventView(BaseModel):
    id: str
    actor: str
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


@router.get("/history", response_model=Page[EventView])
async def history(user_id: UserIdPath, ctx: AppContext, page: PageParams) -> Page[EventView]:
    """Events involving the user, newest first (others' mutes, blocks and notes stay private)."""
    events, cursor = await history_page(ctx, user_id=user_id, page=page)
    return to_event_page(events, cursor)
