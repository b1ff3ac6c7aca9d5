"""Friendship: request, accept, reject, cancel, remove, nickname and favourite (no HTTP here)."""

from typing import Any

from models.enums import EventAction, RelationshipStatus, RelationshipType
from models.relationship import ContactMetadata, Friendship, UserRelationship
from service.core.data.pagination import PageRequest
from service.core.data.pair import Outcome, with_source
from service.core.errors import Blocked, NotFound
from service.core.steps.caps import require_room
from service.core.steps.changes import delete_and_record, record, save_and_record
from service.core.steps.context import TenantContext
from service.core.steps.runner import on_pair
from service.grants.rules import revoke_unjustified

PENDING, ACCEPTED, REJECTED = (
    RelationshipStatus.PENDING,
    RelationshipStatus.ACCEPTED,
    RelationshipStatus.REJECTED,
)


def _blocked_error() -> Blocked:
    return Blocked("A block between these users forbids friend requests.")


async def _accept(
    ctx: TenantContext,
    *,
    acceptor: str,
    request: UserRelationship,
    acceptor_edge: UserRelationship | None,
) -> Outcome:
    """Turn ``request`` (requester -> acceptor, pending) into a friendship: both edges accepted.

    The version-guarded write of the request goes first: where there are no transactions, a
    lost race then stops the step before it has written anything. Under a friend cap, each
    side's guard is written before that (see ``require_room``).
    """
    await require_room(ctx, RelationshipType.FRIEND, acceptor, request.user_id)
    now = ctx.now()
    accepted = request.model_copy(
        update={
            "status": ACCEPTED,
            "is_mutual": True,
            "friendship": (request.friendship or Friendship()).model_copy(
                update={"accepted_at": now}
            ),
        }
    )
    await ctx.edges.save(accepted, previous=request)
    friendship = Friendship(
        requested_at=request.friendship.requested_at if request.friendship else None,
        accepted_at=now,
    )
    if acceptor_edge is None:
        mirror = ctx.edges.new(
            acceptor,
            request.user_id,
            RelationshipType.FRIEND,
            ACCEPTED,
            is_mutual=True,
            friendship=friendship,
        )
    else:  # the acceptor's own old (rejected) request to the requester becomes the mirror
        mirror = acceptor_edge.model_copy(
            update={"status": ACCEPTED, "is_mutual": True, "friendship": friendship}
        )
    await ctx.edges.save(mirror, previous=acceptor_edge)
    await record(
        ctx,
        actor=acceptor,
        edge=accepted,
        action=EventAction.FRIEND_ACCEPTED,
        from_status=PENDING,
        to_status=ACCEPTED,
    )
    return Outcome(mirror, created=False)


@on_pair("requester", "target")
async def request_friendship(
    ctx: TenantContext,
    *,
    requester: str,
    target: str,
    message: str | None,
    source: str | None = None,
) -> Outcome:
    pair = await ctx.edges.load_pair(requester, target)
    if pair.blocked:
        raise _blocked_error()
    mine = pair.edge(requester, RelationshipType.FRIEND)
    if mine is not None and mine.status in (PENDING, ACCEPTED):
        return Outcome(mine, created=False)
    theirs = pair.with_status(target, RelationshipType.FRIEND, PENDING)
    if theirs is not None:  # both asked: that is an acceptance
        return await _accept(ctx, acceptor=requester, request=theirs, acceptor_edge=mine)
    await require_room(ctx, RelationshipType.FRIEND, requester, guard=False)
    friendship = Friendship(requested_at=ctx.now(), message=message)
    metadata = with_source(mine, source)
    if mine is None:
        edge = ctx.edges.new(
            requester,
            target,
            RelationshipType.FRIEND,
            PENDING,
            friendship=friendship,
            metadata=metadata,
        )
    else:  # asking again after a rejection
        edge = mine.model_copy(
            update={"status": PENDING, "friendship": friendship, "metadata": metadata}
        )
    await save_and_record(
        ctx, edge, previous=mine, actor=requester, action=EventAction.FRIEND_REQUESTED
    )
    return Outcome(edge, created=True)


@on_pair("receiver", "requester")
async def accept(ctx: TenantContext, *, receiver: str, requester: str) -> Outcome:
    pair = await ctx.edges.load_pair(receiver, requester)
    if pair.blocked:
        raise _blocked_error()
    already = pair.with_status(receiver, RelationshipType.FRIEND, ACCEPTED)
    if already is not None:
        return Outcome(already, created=False)
    request = pair.with_status(requester, RelationshipType.FRIEND, PENDING)
    if request is None:
        raise NotFound(f"No pending friend request from '{requester}'.")
    return await _accept(
        ctx,
        acceptor=receiver,
        request=request,
        acceptor_edge=pair.edge(receiver, RelationshipType.FRIEND),
    )


@on_pair("receiver", "requester")
async def reject(
    ctx: TenantContext, *, receiver: str, requester: str, reason: str | None
) -> Outcome:
    pair = await ctx.edges.load_pair(receiver, requester)
    request = pair.with_status(requester, RelationshipType.FRIEND, PENDING, REJECTED)
    if request is None:
        raise NotFound(f"No pending friend request from '{requester}'.")
    if request.status is REJECTED:
        return Outcome(request, created=False)
    friendship = (request.friendship or Friendship()).model_copy(
        update={"rejected_at": ctx.now(), "rejection_reason": reason}
    )
    rejected = request.model_copy(update={"status": REJECTED, "friendship": friendship})
    await save_and_record(
        ctx,
        rejected,
        previous=request,
        actor=receiver,
        action=EventAction.FRIEND_REJECTED,
        details={"reason": reason} if reason else None,
    )
    return Outcome(rejected, created=False)


@on_pair("requester", "target")
async def cancel(ctx: TenantContext, *, requester: str, target: str) -> None:
    """Withdraw a pending request; nothing pending is already the wanted state."""
    pair = await ctx.edges.load_pair(requester, target)
    request = pair.with_status(requester, RelationshipType.FRIEND, PENDING)
    if request is not None:
        await delete_and_record(ctx, request, actor=requester, action=EventAction.FRIEND_CANCELLED)


@on_pair("user_id", "other_id")
async def unfriend(ctx: TenantContext, *, user_id: str, other_id: str) -> None:
    """Either side ends the friendship: both edges go, one event."""
    pair = await ctx.edges.load_pair(user_id, other_id)
    mine = pair.with_status(user_id, RelationshipType.FRIEND, ACCEPTED)
    if mine is None or not await ctx.edges.delete_between(
        user_id, other_id, [RelationshipType.FRIEND], present=pair
    ):
        return
    after = pair.without(user_id, RelationshipType.FRIEND).without(
        other_id, RelationshipType.FRIEND
    )
    revoked = await revoke_unjustified(ctx, after, user_id, other_id)
    await record(
        ctx,
        actor=user_id,
        edge=mine,
        action=EventAction.FRIEND_REMOVED,
        from_status=ACCEPTED,
        to_status=None,
        details={"grants_revoked": revoked} if revoked else None,
    )


def _friend_changes(
    ctx: TenantContext, edge: UserRelationship, changes: dict[str, Any]
) -> tuple[UserRelationship, list[tuple[EventAction, dict[str, Any]]]]:
    """The edge after ``changes``, and one event per field that really changed."""
    current = edge.friendship or Friendship()
    updated = current.model_copy()
    metadata = edge.metadata
    actions: list[tuple[EventAction, dict[str, Any]]] = []
    if "nickname" in changes and changes["nickname"] != current.nickname:
        updated.nickname = changes["nickname"]
        actions.append((EventAction.NICKNAME_CHANGED, {"nickname": updated.nickname}))
    favorite = changes.get("is_favorite")
    if favorite is not None and favorite != current.is_favorite:
        updated.is_favorite = favorite
        updated.favorited_at = ctx.now() if favorite else None
        actions.append((EventAction.FAVORITE_CHANGED, {"is_favorite": favorite}))
    notes = changes.get("notes")
    if "notes" in changes and notes != (metadata.notes if metadata else None):
        metadata = (metadata or ContactMetadata()).model_copy(update={"notes": notes})
        actions.append((EventAction.NOTES_CHANGED, {}))
    return edge.model_copy(update={"friendship": updated, "metadata": metadata}), actions


@on_pair("user_id", "other_id")
async def update_friend(
    ctx: TenantContext, *, user_id: str, other_id: str, changes: dict[str, Any]
) -> Outcome:
    """Set the nickname, favourite flag and/or private notes on the user's own side of a
    friendship.

    ``changes`` holds only the fields the caller sent; each field that really changes is its
    own state change with its own event.
    """
    pair = await ctx.edges.load_pair(user_id, other_id)
    mine = pair.with_status(user_id, RelationshipType.FRIEND, ACCEPTED)
    if mine is None:
        raise NotFound(f"'{user_id}' and '{other_id}' are not friends.")
    edge, actions = _friend_changes(ctx, mine, changes)
    if not actions:
        return Outcome(mine, created=False)
    await ctx.edges.save(edge, previous=mine)
    for action, details in actions:
        await record(
            ctx,
            actor=user_id,
            edge=edge,
            action=action,
            from_status=ACCEPTED,
            to_status=ACCEPTED,
            details=details,
        )
    return Outcome(edge, created=False)


async def list_friends(
    ctx: TenantContext, *, user_id: str, favorites_only: bool, page: PageRequest
) -> tuple[list[UserRelationship], str | None]:
    return await ctx.edges.list_page(
        user_id=user_id,
        kind=RelationshipType.FRIEND,
        status=ACCEPTED,
        page=page,
        favorites_only=favorites_only,
    )


async def list_requests(
    ctx: TenantContext, *, user_id: str, incoming: bool, page: PageRequest
) -> tuple[list[UserRelationship], str | None]:
    return await ctx.edges.list_page(
        user_id=user_id, kind=RelationshipType.FRIEND, status=PENDING, page=page, incoming=incoming
    )
