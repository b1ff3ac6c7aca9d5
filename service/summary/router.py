"""HTTP for the relationship summary."""

from enum import StrEnum
from typing import Annotated

from fastapi import Query
from pydantic import BaseModel

from models.enums import RelationshipType
from models.relationship import Muting
from service.core.http.auth import AppContext
from service.core.http.params import UserIdPath, id_list
from service.core.http.routing import user_router
from service.mutuals.rules import mutual_friend_counts
from service.summary import rules
from service.summary.rules import MAX_IDS, FriendState

router = user_router(tag="summary")


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
    mutual_friends: int | None = None  # with ?include=mutual_friends: friends both have


class SummaryInclude(StrEnum):
    MUTUAL_FRIENDS = "mutual_friends"


class SummaryPage(BaseModel):
    items: list[SummaryView]


@router.get("/relationships", response_model=SummaryPage)
async def summary(
    user_id: UserIdPath,
    ctx: AppContext,
    ids: Annotated[str, Query(description=f"Comma-separated user ids, 1-{MAX_IDS}.")],
    include: Annotated[
        SummaryInclude | None,
        Query(description="`mutual_friends`: each item also counts the friends both have."),
    ] = None,
) -> SummaryPage:
    """How the user relates to each of ``ids``, one entry per id in order (one database query)."""
    others = id_list(ids, max_ids=MAX_IDS)
    summaries = await rules.summarize(ctx, viewer=user_id, others=others)
    mutual: dict[str, int] = {}
    if include is SummaryInclude.MUTUAL_FRIENDS and ctx.settings.type_enabled(
        RelationshipType.FRIEND
    ):
        mutual = await mutual_friend_counts(ctx, viewer=user_id, others=others)
    return SummaryPage(
        items=[
            SummaryView(
                **{**s.__dict__, "is_mutual_follow": s.is_mutual_follow},
                mutual_friends=mutual.get(s.user_id),
            )
            for s in summaries
        ]
    )
