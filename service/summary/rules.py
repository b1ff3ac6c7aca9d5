"""How one viewer relates to up to 100 others, from a single query."""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from models.enums import RelationshipStatus, RelationshipType
from models.relationship import Muting, UserRelationship
from service.core.steps.context import TenantContext

MAX_IDS = 100
PENDING, ACCEPTED, ACTIVE = (
    RelationshipStatus.PENDING,
    RelationshipStatus.ACCEPTED,
    RelationshipStatus.ACTIVE,
)


class FriendState(StrEnum):
    NONE = "none"
    PENDING_OUTGOING = "pending_outgoing"
    PENDING_INCOMING = "pending_incoming"
    ACCEPTED = "accepted"


@dataclass
class Summary:
    user_id: str
    following: bool = False
    follow_requested: bool = False
    followed_by: bool = False
    follow_requested_by: bool = False
    friend: FriendState = FriendState.NONE
    contact: bool = False
    blocking: bool = False
    blocked_by: bool = False
    muting: bool = False
    mute: Muting | None = None
    nickname: str | None = None
    is_favorite: bool = False

    @property
    def is_mutual_follow(self) -> bool:
        return self.following and self.followed_by


def _apply_outgoing(summary: Summary, edge: UserRelationship, ctx: TenantContext) -> None:
    kind, status = edge.type, edge.status
    if kind is RelationshipType.FOLLOWING:
        summary.following = status is ACTIVE
        summary.follow_requested = status is PENDING
    elif kind is RelationshipType.FRIEND and status in (PENDING, ACCEPTED):
        summary.friend = (
            FriendState.ACCEPTED if status is ACCEPTED else FriendState.PENDING_OUTGOING
        )
        if edge.friendship is not None and status is ACCEPTED:
            summary.is_favorite = edge.friendship.is_favorite
            summary.nickname = edge.friendship.nickname or summary.nickname
    elif kind is RelationshipType.CONTACT:
        summary.contact = True
        if summary.nickname is None and edge.metadata is not None:
            summary.nickname = edge.metadata.nickname
    elif kind is RelationshipType.BLOCKED:
        summary.blocking = True
    elif kind is RelationshipType.MUTED and edge.muting and edge.muting.in_force(ctx.now()):
        summary.muting, summary.mute = True, edge.muting


def _apply_incoming(summary: Summary, edge: UserRelationship) -> None:
    # A mute pointing at the viewer is never applied: the muted user must not learn of it.
    kind, status = edge.type, edge.status
    if kind is RelationshipType.FOLLOWING:
        summary.followed_by = status is ACTIVE
        summary.follow_requested_by = status is PENDING
    elif kind is RelationshipType.FRIEND and status is PENDING:
        if summary.friend is FriendState.NONE:
            summary.friend = FriendState.PENDING_INCOMING
    elif kind is RelationshipType.BLOCKED:
        summary.blocked_by = True


async def summarize(ctx: TenantContext, *, viewer: str, others: Sequence[str]) -> list[Summary]:
    ids = sorted(set(others) - {viewer})
    found = await ctx.edges.between(viewer, ids)
    by_id = {other: Summary(user_id=other) for other in ids}
    # Friendship first, so a contact nickname only fills in where no friend nickname is set.
    ordered = sorted(found, key=lambda e: e.type is not RelationshipType.FRIEND)
    for edge in ordered:
        if not ctx.settings.type_enabled(edge.type):
            continue
        if edge.user_id == viewer:
            _apply_outgoing(by_id[edge.target_user_id], edge, ctx)
        else:
            _apply_incoming(by_id[edge.user_id], edge)
    return [by_id.get(other) or Summary(user_id=other) for other in others]
