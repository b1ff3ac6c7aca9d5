"""Mutual friends, followers you know, and mutual-friend counts for the summary (no HTTP).

Each intersection reads the counts of both sides first (one query), then streams the smaller
set and looks its members up on the other side (a query per thousand of them): the work is
bounded by the smaller set, so a celebrity's ten million followers are never read when the
other side is small. Results are ordered by ``user_id``'s own edge, newest first, whichever
side was read.

Blocks: neither list can hold a user who blocks ``user_id`` or whom ``user_id`` blocks. Both
list only users ``user_id`` has an accepted friendship or an active follow with, and a block
ends those in both directions in the same step (rule 3); nothing needs filtering afterwards.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from bson import ObjectId

from models.enums import RelationshipStatus, RelationshipType
from models.relationship import UserRelationship
from service.core.data.counting import Count
from service.core.data.pagination import PageRequest, encode_cursor
from service.core.steps.context import TenantContext, require_other

FRIEND, FOLLOWING = RelationshipType.FRIEND, RelationshipType.FOLLOWING
ACCEPTED, ACTIVE = RelationshipStatus.ACCEPTED, RelationshipStatus.ACTIVE


@dataclass(frozen=True)
class Intersection:
    user_ids: list[str]
    next_cursor: str | None
    total: int


def _page(mine: dict[str, ObjectId], page: PageRequest) -> Intersection:
    """``mine``: each member, by the id of ``user_id``'s own edge to them; newest first."""
    ordered = sorted(mine.items(), key=lambda item: item[1], reverse=True)
    after = [item for item in ordered if page.after is None or item[1] < page.after]
    kept = after[: page.limit]
    more = len(after) > page.limit
    return Intersection(
        user_ids=[user for user, _ in kept],
        next_cursor=encode_cursor(kept[-1][1]) if more and kept else None,
        total=len(ordered),
    )


def _ids(edges: Sequence[UserRelationship]) -> dict[str, ObjectId]:
    return {edge.target_user_id: ObjectId(str(edge.id)) for edge in edges}


async def mutual_friends(
    ctx: TenantContext, *, user_id: str, other_id: str, page: PageRequest
) -> Intersection:
    """Users who are accepted friends of both."""
    require_other(user_id, other_id)
    counts = await ctx.counts.of([user_id, other_id])
    if counts[user_id][Count.FRIENDS] <= counts[other_id][Count.FRIENDS]:
        mine = await ctx.edges.every(user_id, FRIEND, ACCEPTED)
        theirs = await ctx.edges.from_any_to_any(
            [other_id], [e.target_user_id for e in mine], FRIEND, ACCEPTED
        )
        both = {e.target_user_id for e in theirs}
        return _page({u: i for u, i in _ids(mine).items() if u in both}, page)
    theirs = await ctx.edges.every(other_id, FRIEND, ACCEPTED)
    mine = await ctx.edges.from_any_to_any(
        [user_id], [e.target_user_id for e in theirs], FRIEND, ACCEPTED
    )
    return _page(_ids(mine), page)


async def known_followers(
    ctx: TenantContext, *, user_id: str, other_id: str, page: PageRequest
) -> Intersection:
    """Users whom ``user_id`` follows who follow ``other_id`` (both follows active)."""
    require_other(user_id, other_id)
    counts = await ctx.counts.of([user_id, other_id])
    if counts[user_id][Count.FOLLOWING] <= counts[other_id][Count.FOLLOWERS]:
        mine = await ctx.edges.every(user_id, FOLLOWING, ACTIVE)
        theirs = await ctx.edges.from_any_to_any(
            [e.target_user_id for e in mine], [other_id], FOLLOWING, ACTIVE
        )
        both = {e.user_id for e in theirs}
        return _page({u: i for u, i in _ids(mine).items() if u in both}, page)
    followers = await ctx.edges.every(other_id, FOLLOWING, ACTIVE, incoming=True)
    mine = await ctx.edges.from_any_to_any(
        [user_id], [e.user_id for e in followers if e.user_id != user_id], FOLLOWING, ACTIVE
    )
    return _page(_ids(mine), page)


async def mutual_friend_counts(
    ctx: TenantContext, *, viewer: str, others: Sequence[str]
) -> dict[str, int]:
    """How many accepted friends the viewer shares with each of ``others`` (two queries: the
    viewer's friends, then the others' friendships with any of them)."""
    friends = [e.target_user_id for e in await ctx.edges.every(viewer, FRIEND, ACCEPTED)]
    found = dict.fromkeys(others, 0)
    wanted = [other for other in others if other != viewer]
    if friends and wanted:
        for edge in await ctx.edges.from_any_to_any(wanted, friends, FRIEND, ACCEPTED):
            found[edge.user_id] += 1
    return found
