"""HTTP for counts; the rules live in ``service.counts.rules``."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from service.core.http.auth import AppContext, PublicContext, feature_switch
from service.core.http.params import UserIdPath, id_list
from service.core.http.routing import user_router
from service.counts import rules
from service.counts.rules import MAX_IDS

router = user_router(tag="counts")
# Not under one user: the public counts of many profiles at once (any user token may read them).
profiles_router = APIRouter(
    prefix="/v1", tags=["counts"], dependencies=[Depends(feature_switch(None, public=True))]
)


class PublicCountsView(BaseModel):
    """A count of a relationship type the tenant switched off is absent."""

    user_id: str
    friends: int | None = None  # accepted friends
    followers: int | None = None  # active followers
    following: int | None = None  # active follows


class CountsView(PublicCountsView):
    friend_requests_incoming: int | None = None  # pending
    friend_requests_outgoing: int | None = None
    follow_requests_incoming: int | None = None
    follow_requests_outgoing: int | None = None
    blocks: int | None = None
    mutes: int | None = None  # in force now
    contacts: int | None = None


class PublicCountsPage(BaseModel):
    items: list[PublicCountsView]


@router.get("/counts", response_model=CountsView, response_model_exclude_none=True)
async def counts(user_id: UserIdPath, ctx: AppContext) -> CountsView:
    """Every count of the user, whatever their size in a fixed number of queries."""
    return CountsView(user_id=user_id, **await rules.counts_of(ctx, user_id=user_id))


@profiles_router.get("/counts", response_model=PublicCountsPage, response_model_exclude_none=True)
async def public_counts(
    ctx: PublicContext,
    ids: Annotated[str, Query(description=f"Comma-separated user ids, 1-{MAX_IDS}.")],
) -> PublicCountsPage:
    """Friends, followers and following of each of ``ids``, in their order (one query); a
    user nobody knows has zeros."""
    user_ids = id_list(ids, max_ids=MAX_IDS)
    found = await rules.public_counts(ctx, user_ids=user_ids)
    return PublicCountsPage(
        items=[
            PublicCountsView(user_id=user, **values)
            for user, values in zip(user_ids, found, strict=True)
        ]
    )
