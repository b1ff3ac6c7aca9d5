"""Following: follow, unfollow, approve, reject, remove a follower (no HTTP here)."""

from models.enums import EventAction, RelationshipStatus, RelationshipType
from models.relationship import Following, UserRelationship
from service.core.data.pagination import PageRequest
from service.core.data.pair import Outcome, Pair, with_source
from service.core.errors import Blocked, NotFound
from service.core.steps.caps import require_room
from service.core.steps.changes import delete_and_record, save_and_record
from service.core.steps.context import TenantContext
from service.core.steps.runner import on_pair
from service.grants.rules import revoke_unjustified
from service.users.rules import follow_requires_approval

PENDING, ACTIVE, REJECTED = (
    RelationshipStatus.PENDING,
    RelationshipStatus.ACTIVE,
    RelationshipStatus.REJECTED,
)


def _blocked_error() -> Blocked:
    return Blocked("A block between these users forbids following.")


async def _set_mutual(
    ctx: TenantContext, pair: Pair, edge: UserRelationship, *, mutual: bool
) -> UserRelationship:
    """Seed 004's ``is_mutual`` on a follow: true on both edges while each follows the other.

    Sets it on the reverse follow, if active, and returns ``edge`` with the flag it then has.
    """
    reverse = pair.with_status(edge.target_user_id, RelationshipType.FOLLOWING, ACTIVE)
    mutual = mutual and reverse is not None
    if reverse is not None and reverse.is_mutual != mutual:
        await ctx.edges.save(reverse.model_copy(update={"is_mutual": mutual}), previous=reverse)
    updated: UserRelationship = edge.model_copy(update={"is_mutual": mutual})
    return updated


@on_pair("follower", "target")
async def follow(
    ctx: TenantContext,
    *,
    follower: str,
    target: str,
    notifications_enabled: bool | None,
    source: str | None = None,
) -> Outcome:
    """Follow ``target``: active at once, or pending when the target approves followers."""
    pair = await ctx.edges.load_pair(follower, target)
    if pair.blocked:
        raise _blocked_error()
    mine = pair.edge(follower, RelationshipType.FOLLOWING)
    if mine is not None and mine.status in (PENDING, ACTIVE):
        return await _update_notifications(ctx, mine, notifications_enabled)
    await require_room(ctx, RelationshipType.FOLLOWING, follower)
    approval = await follow_requires_approval(ctx, user_id=target)
    status = PENDING if approval else ACTIVE
    following = Following(
        followed_at=ctx.now(),
        notifications_enabled=True if notifications_enabled is None else notifications_enabled,
    )
    metadata = with_source(mine, source)
    if mine is None:
        edge = ctx.edges.new(
            follower,
            target,
            RelationshipType.FOLLOWING,
            status,
            following=following,
            metadata=metadata,
        )
    else:  # following again after a rejected request
        edge = mine.model_copy(
            update={"status": status, "following": following, "metadata": metadata}
        )
    edge = await _set_mutual(ctx, pair, edge, mutual=status is ACTIVE)
    action = EventAction.FOLLOW_REQUESTED if approval else EventAction.FOLLOW
    await save_and_record(ctx, edge, previous=mine, actor=follower, action=action)
    return Outcome(edge, created=True)


async def _update_notifications(
    ctx: TenantContext, edge: UserRelationship, notifications_enabled: bool | None
) -> Outcome:
    following = edge.following
    if (
        following is None
        or notifications_enabled is None
        or following.notifications_enabled == notifications_enabled
    ):
        return Outcome(edge, created=False)
    updated = edge.model_copy(
        update={
            "following": following.model_copy(
                update={"notifications_enabled": notifications_enabled}
            )
        }
    )
    await save_and_record(
        ctx,
        updated,
        previous=edge,
        actor=edge.user_id,
        action=EventAction.FOLLOW_NOTIFICATIONS_CHANGED,
        details={"notifications_enabled": notifications_enabled},
    )
    return Outcome(updated, created=False)


@on_pair("follower", "target")
async def unfollow(ctx: TenantContext, *, follower: str, target: str) -> None:
    """Stop following, or withdraw a pending follow request."""
    await _remove(
        ctx, actor=follower, follower=follower, target=target, action=EventAction.UNFOLLOW
    )


@on_pair("user_id", "follower")
async def remove_follower(ctx: TenantContext, *, user_id: str, follower: str) -> None:
    """The followed user drops a follower, without blocking them."""
    await _remove(
        ctx, actor=user_id, follower=follower, target=user_id, action=EventAction.FOLLOWER_REMOVED
    )


async def _remove(
    ctx: TenantContext, *, actor: str, follower: str, target: str, action: EventAction
) -> None:
    pair = await ctx.edges.load_pair(follower, target)
    edge = pair.with_status(follower, RelationshipType.FOLLOWING, PENDING, ACTIVE)
    if edge is None:
        return
    revoked = await revoke_unjustified(
        ctx, pair.without(follower, RelationshipType.FOLLOWING), follower, target
    )
    await _set_mutual(ctx, pair, edge, mutual=False)
    details = {"grants_revoked": revoked} if revoked else None
    await delete_and_record(ctx, edge, actor=actor, action=action, details=details)


@on_pair("user_id", "follower")
async def decide(ctx: TenantContext, *, user_id: str, follower: str, approve: bool) -> Outcome:
    """The followed user approves or rejects a pending follow request."""
    wanted = ACTIVE if approve else REJECTED
    pair = await ctx.edges.load_pair(follower, user_id)
    if approve and pair.blocked:
        raise _blocked_error()
    request = pair.edge(follower, RelationshipType.FOLLOWING)
    if request is not None and request.status is wanted:
        return Outcome(request, created=False)
    if request is None or request.status is not PENDING:
        raise NotFound(f"No pending follow request from '{follower}'.")
    following = request.following or Following(followed_at=request.created_at)
    if approve:
        following = following.model_copy(update={"approved_at": ctx.now()})
    edge = request.model_copy(update={"status": wanted, "following": following})
    edge = await _set_mutual(ctx, pair, edge, mutual=approve)
    action = EventAction.FOLLOW_APPROVED if approve else EventAction.FOLLOW_REJECTED
    await save_and_record(ctx, edge, previous=request, actor=user_id, action=action)
    return Outcome(edge, created=False)


async def list_follows(
    ctx: TenantContext,
    *,
    user_id: str,
    incoming: bool,
    status: RelationshipStatus,
    page: PageRequest,
) -> tuple[list[UserRelationship], str | None]:
    """Following (outgoing), followers or follow requests (incoming), newest first."""
    return await ctx.edges.list_page(
        user_id=user_id,
        kind=RelationshipType.FOLLOWING,
        status=status,
        page=page,
        incoming=incoming,
    )
