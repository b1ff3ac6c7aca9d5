"""How edges look on the wire: each item names the *other* user as ``user_id``."""

from datetime import datetime
from typing import TypeVar

from fastapi import Response, status
from pydantic import BaseModel

from models.enums import RelationshipStatus, RelationshipType
from models.relationship import UserRelationship
from service.core.data.pagination import Page
from service.core.data.pair import Outcome
from service.core.data.tenancy import LAYER_FIELDS


class EdgeView(BaseModel):
    user_id: str  # the other side of the edge, seen from the acting user
    type: RelationshipType
    status: RelationshipStatus
    created_at: datetime
    updated_at: datetime


V = TypeVar("V", bound=EdgeView)


def to_view(view_type: type[V], edge: UserRelationship, viewer: str) -> V:
    data = edge.model_dump(exclude=LAYER_FIELDS | {"id", "user_id", "target_user_id"})
    data["user_id"] = edge.target_user_id if edge.user_id == viewer else edge.user_id
    return view_type.model_validate(data)


def to_page(
    view_type: type[V], edges: list[UserRelationship], next_cursor: str | None, viewer: str
) -> Page[V]:
    return Page[V](items=[to_view(view_type, e, viewer) for e in edges], next_cursor=next_cursor)


def answer(view_type: type[V], outcome: Outcome, viewer: str, response: Response) -> V:
    """201 when the call created the relationship, 200 when it already held or was changed."""
    response.status_code = status.HTTP_201_CREATED if outcome.created else status.HTTP_200_OK
    return to_view(view_type, outcome.edge, viewer)
