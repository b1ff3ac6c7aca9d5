"""HTTP for following; the rules live in ``service.follows.rules``."""

from fastapi import Response, status
from pydantic import ConfigDict

from models.enums import RelationshipStatus, RelationshipType
from models.relationship import ContactMetadata, Following
from service.core.data.pagination import Page
from service.core.errors import Blocked, LimitReached, NotFound, SelfRelationship
from service.core.http.auth import AppContext
from service.core.http.bodies import EdgeSourceValue, RequestBody
from service.core.http.declared import problems
from service.core.http.params import PageParams, UserIdPath
from service.core.http.routing import user_router
from service.core.http.views import EdgeView, answer, to_page
from service.follows import rules

router = user_router(feature=RelationshipType.FOLLOWING, tag="follows")


class FollowView(EdgeView):
    is_mutual: bool  # each follows the other
    following: Following
    metadata: ContactMetadata | None  # the follow's source


class FollowBody(RequestBody):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"notifications_enabled": False, "source": "search"}]}
    )

    notifications_enabled: bool | None = None
    source: EdgeSourceValue | None = None


@router.put("/following/{other_id}", response_model=FollowView, status_code=status.HTTP_201_CREATED)
@problems(Blocked, LimitReached, SelfRelationship)
async def follow(
    user_id: UserIdPath,
    other_id: UserIdPath,
    ctx: AppContext,
    response: Response,
    body: FollowBody | None = None,
) -> FollowView:
    """Follow ``other_id``: status ``active``, or ``pending`` when they approve followers."""
    body = body or FollowBody()
    outcome = await rules.follow(
        ctx,
        follower=user_id,
        target=other_id,
        notifications_enabled=body.notifications_enabled,
        source=body.source,
    )
    return answer(FollowView, outcome, user_id, response)


@router.delete("/following/{other_id}", status_code=status.HTTP_204_NO_CONTENT)
@problems(SelfRelationship)
async def unfollow(user_id: UserIdPath, other_id: UserIdPath, ctx: AppContext) -> None:
    """Stop following ``other_id``, or withdraw the follow request."""
    await rules.unfollow(ctx, follower=user_id, target=other_id)


@router.get("/following", response_model=Page[FollowView])
async def list_following(
    user_id: UserIdPath, ctx: AppContext, page: PageParams
) -> Page[FollowView]:
    """Whom the user follows, newest first."""
    edges, cursor = await rules.list_follows(
        ctx, user_id=user_id, incoming=False, status=RelationshipStatus.ACTIVE, page=page
    )
    return to_page(FollowView, edges, cursor, user_id)


@router.get("/followers", response_model=Page[FollowView])
async def list_followers(
    user_id: UserIdPath, ctx: AppContext, page: PageParams
) -> Page[FollowView]:
    """Who follows the user, newest first."""
    edges, cursor = await rules.list_follows(
        ctx, user_id=user_id, incoming=True, status=RelationshipStatus.ACTIVE, page=page
    )
    return to_page(FollowView, edges, cursor, user_id)


@router.delete("/followers/{other_id}", status_code=status.HTTP_204_NO_CONTENT)
@problems(SelfRelationship)
async def remove_follower(user_id: UserIdPath, other_id: UserIdPath, ctx: AppContext) -> None:
    """Remove ``other_id`` from the user's followers without blocking them."""
    await rules.remove_follower(ctx, user_id=user_id, follower=other_id)


@router.get("/follow-requests", response_model=Page[FollowView])
async def list_follow_requests(
    user_id: UserIdPath, ctx: AppContext, page: PageParams
) -> Page[FollowView]:
    """Pending requests to follow the user, newest first."""
    edges, cursor = await rules.list_follows(
        ctx, user_id=user_id, incoming=True, status=RelationshipStatus.PENDING, page=page
    )
    return to_page(FollowView, edges, cursor, user_id)


@router.post("/follow-requests/{other_id}/approve", response_model=FollowView)
@problems(Blocked, NotFound, SelfRelationship)
async def approve(
    user_id: UserIdPath, other_id: UserIdPath, ctx: AppContext, response: Response
) -> FollowView:
    """Approve ``other_id``'s request to follow the user."""
    outcome = await rules.decide(ctx, user_id=user_id, follower=other_id, approve=True)
    return answer(FollowView, outcome, user_id, response)


@router.post("/follow-requests/{other_id}/reject", response_model=FollowView)
@problems(Blocked, NotFound, SelfRelationship)
async def reject(
    user_id: UserIdPath, other_id: UserIdPath, ctx: AppContext, response: Response
) -> FollowView:
    """Reject ``other_id``'s request to follow the user."""
    outcome = await rules.decide(ctx, user_id=user_id, follower=other_id, approve=False)
    return answer(FollowView, outcome, user_id, response)
