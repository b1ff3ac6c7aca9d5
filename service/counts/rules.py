"""Reading counts: stored sums, shown only for the relationship types switched on (no HTTP)."""

from collections.abc import Sequence

from models.enums import RelationshipType
from service.core.data.counting import COUNT_TYPES, Count
from service.core.steps.context import TenantContext

MAX_IDS = 100
# What anyone may see of a profile (the many-profiles read).
PUBLIC: tuple[Count, ...] = (Count.FRIENDS, Count.FOLLOWERS, Count.FOLLOWING)
MUTES = "mutes"


def _shown(ctx: TenantContext, stored: dict[Count, int], wanted: Sequence[Count]) -> dict[str, int]:
    return {
        count.value: stored[count]
        for count in wanted
        if ctx.settings.type_enabled(COUNT_TYPES[count])
    }


async def counts_of(ctx: TenantContext, *, user_id: str) -> dict[str, int]:
    """Every count of the user (two queries): the stored sums, and the timed mutes in force
    (see ``service.core.data.counting`` for why those are not stored)."""
    stored = (await ctx.counts.of([user_id]))[user_id]
    shown = _shown(ctx, stored, [c for c in Count if c is not Count.PERMANENT_MUTES])
    if ctx.settings.type_enabled(RelationshipType.MUTED):
        timed = await ctx.edges.timed_mutes_in_force(user_id, ctx.now())
        shown[MUTES] = stored[Count.PERMANENT_MUTES] + timed
    return shown


async def public_counts(ctx: TenantContext, *, user_ids: Sequence[str]) -> list[dict[str, int]]:
    """The public counts of each of ``user_ids``, in their order (one query)."""
    stored = await ctx.counts.of(user_ids)
    return [_shown(ctx, stored[user], PUBLIC) for user in user_ids]
