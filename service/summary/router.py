"""HTTP for the relationship summary."""

from typing import Annotated

from fastapi import Query
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from models.relationship import Muting
from service.core.http.auth import AppContext
from service.core.http.params import UserIdPath
from service.core.http.routing import user_router
from service.core.ids import UserId
from service.summary import rules
from service.summary.rules import MAX_IDS, FriendState

router = user_router(tag="summary")
_ids_adapter = TypeAdapter(Annotated[list[UserId], Field(min_length=1, max_length=MAX_IDS)])


class SummaryView(BaseModel):
    user_id: str
    following: bool
    follow_requested: bool
    followed_by: bool
    follow_requested_by: bool
    friend: FriendState
    contact: bool
    blocking: bool
    blocked_by: bool
    muting: bool
    mute: Muting | None
    nickname: str | None
    is_favorite: bool
    is_mutual_follow: bool


class SummaryPage(BaseModel):
    items: list[SummaryView]


@router.get("/relationships", response_model=SummaryPage)
async def summary(
    user_id: UserIdPath,
    ctx: AppContext,
    ids: Annotated[str, Query(description=f"Comma-separated user ids, 1-{MAX_IDS}.")],
) -> SummaryPage:
    """How the user relates to each of ``ids``, one entry per id in order (one database query)."""
    try:
        others = _ids_adapter.validate_python(ids.split(","))
    except ValidationError as error:
        raise RequestValidationError(
            [{**e, "loc": ("query", "ids", *e["loc"])} for e in error.errors()]
        ) from error
    summaries = await rules.summarize(ctx, viewer=user_id, others=others)
    return SummaryPage(
        items=[
            SummaryView(**{**s.__dict__, "is_mutual_follow": s.is_mutual_follow}) for s in summaries
        ]
    )
