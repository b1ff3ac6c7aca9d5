"""HTTP for friendship; the rules live in ``service.friends.rules``."""

from typing import Annotated, Literal

from fastapi import Query, Response, status
from pydantic import ConfigDict

from models.enums import RelationshipType
from models.relationship import ContactMetadata, Friendship
from service.core.data.pagination import Page
from service.core.errors import Blocked, LimitReached, NotFound, SelfRelationship
from service.core.http.auth import AppContext
from service.core.http.bodies import EdgeSourceValue, RequestBody
from service.core.http.declared import problems
from service.core.http.params import PageParams, UserIdPath
from service.core.http.routing import user_router
from service.core.http.views import EdgeView, answer, to_page
from service.core.ids import LongText, Nickname, Notes, ShortText, UserId
from service.friends import rules

router = user_router(feature=RelationshipType.FRIEND, tag="friends")


class FriendView(EdgeView):
    is_mutual: bool
    friendship: Friendship
    metadata: ContactMetadata | None  # the holder's private notes, and the request's source


class FriendRequestBody(RequestBody):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"target_user_id": "bob", "message": "We met at the conference", "source": "search"}
            ]
        }
    )

    target_user_id: UserId
    message: LongText | None = None
    source: EdgeSourceValue | None = None


class RejectBody(RequestBody):
    model_config = ConfigDict(json_schema_extra={"examples": [{"reason": "I do not know you"}]})

    reason: ShortText | None = None


class FriendPatch(RequestBody):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"nickname": "Janie", "is_favorite": True}]}
    )

    nickname: Nickname | None = None
    is_favorite: bool | None = None
    notes: Notes | None = None


@router.post("/friend-requests", response_model=FriendView, status_code=status.HTTP_201_CREATED)
@problems(Blocked, LimitReached, SelfRelationship)
async def send_request(
    user_id: UserIdPath, body: FriendRequestBody, ctx: AppContext, response: Response
) -> FriendView:
    """Ask another user for friendship (accepts at once if they already asked you)."""
    outcome = await rules.request_friendship(
        ctx,
        requester=user_id,
        target=body.target_user_id,
        message=body.message,
        source=body.source,
    )
    return answer(FriendView, outcome, user_id, response)


@router.get("/friend-requests", response_model=Page[FriendView])
async def list_requests(
    user_id: UserIdPath,
    ctx: AppContext,
    page: PageParams,
    direction: Annotated[Literal["incoming", "outgoing"], Query()] = "incoming",
) -> Page[FriendView]:
    """Pending friend requests to (incoming) or from (outgoing) the user, newest first."""
    edges, cursor = await rules.list_requests(
        ctx, user_id=user_id, incoming=direction == "incoming", page=page
    )
    return to_page(FriendView, edges, cursor, user_id)


@router.post("/friend-requests/{other_id}/accept", response_model=FriendView)
@problems(Blocked, LimitReached, NotFound, SelfRelationship)
async def accept_request(
    user_id: UserIdPath, other_id: UserIdPath, ctx: AppContext, response: Response
) -> FriendView:
    """Accept the friend request ``other_id`` sent to the user."""
    outcome = await rules.accept(ctx, receiver=user_id, requester=other_id)
    return answer(FriendView, outcome, user_id, response)


@router.post("/friend-requests/{other_id}/reject", response_model=FriendView)
@problems(NotFound, SelfRelationship)
async def reject_request(
    user_id: UserIdPath,
    other_id: UserIdPath,
    ctx: AppContext,
    response: Response,
    body: RejectBody | None = None,
) -> FriendView:
    """Reject the friend request ``other_id`` sent to the user; they may ask again later."""
    reason = body.reason if body else None
    outcome = await rules.reject(ctx, receiver=user_id, requester=other_id, reason=reason)
    return answer(FriendView, outcome, user_id, response)


@router.delete("/friend-requests/{other_id}", status_code=status.HTTP_204_NO_CONTENT)
@problems(SelfRelationship)
async def cancel_request(user_id: UserIdPath, other_id: UserIdPath, ctx: AppContext) -> None:
    """Withdraw the user's pending request to ``other_id``."""
    await rules.cancel(ctx, requester=user_id, target=other_id)


@router.get("/friends", response_model=Page[FriendView])
async def list_friends(
    user_id: UserIdPath, ctx: AppContext, page: PageParams, favorites_only: bool = False
) -> Page[FriendView]:
    """The user's friends, newest first."""
    edges, cursor = await rules.list_friends(
        ctx, user_id=user_id, favorites_only=favorites_only, page=page
    )
    return to_page(FriendView, edges, cursor, user_id)


@router.patch("/friends/{other_id}", response_model=FriendView)
@problems(NotFound, SelfRelationship)
async def update_friend(
    user_id: UserIdPath,
    other_id: UserIdPath,
    body: FriendPatch,
    ctx: AppContext,
    response: Response,
) -> FriendView:
    """Set the user's nickname for a friend, mark them favourite, or keep private notes
    (``null`` clears the nickname or the notes)."""
    changes = body.model_dump(include=body.model_fields_set)
    outcome = await rules.update_friend(ctx, user_id=user_id, other_id=other_id, changes=changes)
    return answer(FriendView, outcome, user_id, response)


@router.delete("/friends/{other_id}", status_code=status.HTTP_204_NO_CONTENT)
@problems(SelfRelationship)
async def unfriend(user_id: UserIdPath, other_id: UserIdPath, ctx: AppContext) -> None:
    """End the friendship, for both sides."""
    await rules.unfriend(ctx, user_id=user_id, other_id=other_id)
