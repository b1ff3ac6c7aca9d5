"""Suggestions (no HTTP here), in a fixed number of queries whatever the graph's size.

Read the user's newest ``SAMPLE`` friends and follows, then the newest ``FANOUT`` friendships
of those friends and follows of those followees (one query each, bounded by its limit), rank
the candidates by mutual friends then by how many followees follow them, and drop everyone the
user already relates to (one query over the candidates, both directions) or dismissed (one
query). A celebrity's ten million followers are never read: only edges the user's own sample
holds.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum

from models.enums import RelationshipStatus, RelationshipType
from models.relationship import UserRelationship
from service.core.errors import FeatureDisabled
from service.core.steps.context import TenantContext, require_other

SAMPLE = 50  # of the user's friends, and of their follows
FANOUT = 1_000  # edges of the sample read, newest first
SAMPLE_SHOWN = 3
FRIEND, FOLLOWING = RelationshipType.FRIEND, RelationshipType.FOLLOWING
PENDING, ACCEPTED, ACTIVE = (
    RelationshipStatus.PENDING,
    RelationshipStatus.ACCEPTED,
    RelationshipStatus.ACTIVE,
)


class Reason(StrEnum):
    FRIENDS_OF_FRIENDS = "friends_of_friends"
    FOLLOWED_BY_PEOPLE_YOU_FOLLOW = "followed_by_people_you_follow"


@dataclass
class Suggestion:
    user_id: str
    mutual_friends: int = 0
    sample: list[str] = field(default_factory=list)
    followed_by: int = 0  # of the people the user follows (the second signal)

    @property
    def reason(self) -> Reason:
        if self.mutual_friends:
            return Reason.FRIENDS_OF_FRIENDS
        return Reason.FOLLOWED_BY_PEOPLE_YOU_FOLLOW


def _excluded(user_id: str, edge: UserRelationship, ctx: TenantContext) -> str | None:
    """The other user, when ``edge`` means they must not be suggested to ``user_id``."""
    mine = edge.user_id == user_id
    other = edge.target_user_id if mine else edge.user_id
    kind, status = edge.type, edge.status
    if kind is RelationshipType.BLOCKED:
        return other
    if kind is FRIEND and status in (PENDING, ACCEPTED):
        return other
    if mine and kind is FOLLOWING and status in (PENDING, ACTIVE):
        return other
    if mine and kind is RelationshipType.MUTED and edge.muting and edge.muting.in_force(ctx.now()):
        return other
    return None


async def suggest(ctx: TenantContext, *, user_id: str, limit: int) -> list[Suggestion]:
    friends_on = ctx.settings.type_enabled(FRIEND)
    follows_on = ctx.settings.type_enabled(FOLLOWING)
    if not (friends_on or follows_on):
        raise FeatureDisabled("Suggestions need friends or follows switched on.")
    found: dict[str, Suggestion] = {}
    if friends_on:
        friends = await ctx.edges.newest_of([user_id], FRIEND, ACCEPTED, limit=SAMPLE)
        order = {e.target_user_id: i for i, e in enumerate(friends)}
        via: dict[str, list[str]] = defaultdict(list)
        for edge in await ctx.edges.newest_of(list(order), FRIEND, ACCEPTED, limit=FANOUT):
            via[edge.target_user_id].append(edge.user_id)
        for candidate, friends_of in via.items():
            shown = sorted(friends_of, key=order.__getitem__)
            found[candidate] = Suggestion(candidate, len(shown), shown[:SAMPLE_SHOWN])
    if follows_on:
        follows = await ctx.edges.newest_of([user_id], FOLLOWING, ACTIVE, limit=SAMPLE)
        followees = [e.target_user_id for e in follows]
        signal = Counter(
            e.target_user_id
            for e in await ctx.edges.newest_of(followees, FOLLOWING, ACTIVE, limit=FANOUT)
        )
        for candidate, count in signal.items():
            found.setdefault(candidate, Suggestion(candidate)).followed_by = count
    found.pop(user_id, None)
    if not found:
        return []
    related = await ctx.edges.between(user_id, sorted(found))
    gone = {other for edge in related if (other := _excluded(user_id, edge, ctx))}
    gone |= await ctx.dismissals.dismissed(user_id, sorted(set(found) - gone))
    ranked = sorted(
        (s for s in found.values() if s.user_id not in gone),
        key=lambda s: (-s.mutual_friends, -s.followed_by, s.user_id),
    )
    return ranked[:limit]


async def dismiss(ctx: TenantContext, *, user_id: str, other_id: str) -> None:
    """``other_id`` is not suggested to the user for the tenant's dismissal period."""
    require_other(user_id, other_id)
    days = ctx.settings.suggestion_dismiss_days
    await ctx.dismissals.dismiss(user_id, other_id, until=ctx.now() + timedelta(days=days))
