"""The tenant's caps on each user's friends and follows (``max_friends``, ``max_following``).

A cap is checked by counting the user's edges (an index-served count, bounded by the cap) and
never by a counter kept beside the edges: nothing derived can drift when unfriend, block,
erase or an import remove edges. Two steps adding edges for one user on *different* pairs are
not serialised by the pair guard, so a capped step first holds the user too
(``runner.hold_user``: a write to the user's guard in the transaction, or a lease
without one): concurrent steps for one user then run one after the other, and the later one
counts the earlier one's edge. Tenants without caps pay nothing.
"""

from models.enums import RelationshipStatus, RelationshipType
from service.core.errors import LimitReached
from service.core.steps.context import TenantContext
from service.core.steps.runner import hold_user

# What counts against each cap: accepted friends; follows held, pending ones included (an
# approval must never take a user over the cap).
COUNTED: dict[RelationshipType, tuple[RelationshipStatus, ...]] = {
    RelationshipType.FRIEND: (RelationshipStatus.ACCEPTED,),
    RelationshipType.FOLLOWING: (RelationshipStatus.PENDING, RelationshipStatus.ACTIVE),
}


def cap_of(ctx: TenantContext, kind: RelationshipType) -> int | None:
    if kind is RelationshipType.FRIEND:
        return ctx.settings.max_friends
    return ctx.settings.max_following


async def require_room(
    ctx: TenantContext, kind: RelationshipType, *users: str, guard: bool = True
) -> None:
    """Raise ``LimitReached`` unless each of ``users`` may hold one more edge of ``kind``.

    ``guard``: serialise with every other capped step of the same users (a step that adds the
    edge); a check alone (a friend request, which adds no friend) needs none.
    """
    cap = cap_of(ctx, kind)
    if cap is None:
        return
    for user in sorted(set(users)):
        if guard:
            await hold_user(ctx, user)
        if await ctx.edges.count(user, kind, COUNTED[kind]) >= cap:
            raise LimitReached(f"'{user}' has reached the tenant's cap of {cap} ({kind}).")
