"""Blocking: one step that also ends friendship, requests, follows and grants, both ways."""

from models.enums import EventAction, RelationshipStatus, RelationshipType
from models.relationship import Blocking, UserRelationship
from service.core.data.pagination import PageRequest
from service.core.data.pair import Outcome
from service.core.steps.changes import delete_and_record, save_and_record
from service.core.steps.context import TenantContext
from service.core.steps.runner import on_pair

# What a block ends between the two users, whoever holds the edge.
ENDED_BY_BLOCK = (RelationshipType.FRIEND, RelationshipType.FOLLOWING)


@on_pair("user_id", "other_id")
async def block(
    ctx: TenantContext, *, user_id: str, other_id: str, reason: str | None, report_id: str | None
) -> Outcome:
    """Block ``other_id``. Blocking again keeps the first block as it is."""
    pair = await ctx.edges.load_pair(user_id, other_id)
    existing = pair.edge(user_id, RelationshipType.BLOCKED)
    if existing is not None:
        return Outcome(existing, created=False)
    ended = sorted(
        f"{kind}:{owner}->{target}:{edge.status}"
        for owner, target in ((user_id, other_id), (other_id, user_id))
        for kind in ENDED_BY_BLOCK
        if (edge := pair.edge(owner, kind)) is not None
    )
    if ended:
        await ctx.edges.delete_between(user_id, other_id, ENDED_BY_BLOCK, present=pair)
    grants_revoked = await ctx.grants.delete_between(user_id, other_id)
    # The blocked user leaves every list of the blocker (lists are the blocker's own).
    lists_left = await ctx.lists.remove_everywhere(user_id, other_id)
    edge = ctx.edges.new(
        user_id,
        other_id,
        RelationshipType.BLOCKED,
        RelationshipStatus.ACTIVE,
        blocking=Blocking(blocked_at=ctx.now(), reason=reason, report_id=report_id),
    )
    await save_and_record(
        ctx,
        edge,
        previous=None,
        actor=user_id,
        action=EventAction.BLOCK,
        details={
            "ended": ended,
            "grants_revoked": grants_revoked,
            **({"lists_left": lists_left} if lists_left else {}),
        },
    )
    return Outcome(edge, created=True)


@on_pair("user_id", "other_id")
async def unblock(ctx: TenantContext, *, user_id: str, other_id: str) -> None:
    """Lift the block; nothing it ended comes back."""
    pair = await ctx.edges.load_pair(user_id, other_id)
    existing = pair.edge(user_id, RelationshipType.BLOCKED)
    if existing is not None:
        await delete_and_record(ctx, existing, actor=user_id, action=EventAction.UNBLOCK)


async def list_blocks(
    ctx: TenantContext, *, user_id: str, page: PageRequest
) -> tuple[list[UserRelationship], str | None]:
    return await ctx.edges.list_page(
        user_id=user_id, kind=RelationshipType.BLOCKED, status=RelationshipStatus.ACTIVE, page=page
    )
