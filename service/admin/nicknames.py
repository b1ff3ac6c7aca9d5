"""Nicknames as a tenant admin sees them: every nickname a user gave, on friends and contacts.

Changes go through the same rules as the user's own (``update_friend``, ``update_contact``).
"""

from typing import Any

from models.enums import RelationshipType
from models.relationship import UserRelationship
from service.contacts.rules import update_contact
from service.core.data.pagination import PageRequest
from service.core.data.pair import Outcome
from service.core.errors import NotFound
from service.core.steps.context import TenantContext
from service.core.steps.switches import require_enabled
from service.friends.rules import update_friend

NICKNAMED = (RelationshipType.FRIEND, RelationshipType.CONTACT)


def nickname_of(edge: UserRelationship) -> str | None:
    if edge.type is RelationshipType.FRIEND:
        return edge.friendship.nickname if edge.friendship else None
    return edge.metadata.nickname if edge.metadata else None


async def list_nicknames(
    ctx: TenantContext, *, user_id: str, page: PageRequest
) -> tuple[list[UserRelationship], str | None]:
    return await ctx.edges.nickname_page(user_id=user_id, page=page)


async def set_nickname(
    ctx: TenantContext,
    *,
    user_id: str,
    other_id: str,
    kind: RelationshipType,
    nickname: str | None,
) -> Outcome:
    """Set (or, with None, clear) the nickname on the user's friend or contact edge; 404 when
    the user has no such edge."""
    require_enabled(ctx.settings, kind)
    changes: dict[str, Any] = {"nickname": nickname}
    if kind is RelationshipType.FRIEND:
        return await update_friend(ctx, user_id=user_id, other_id=other_id, changes=changes)
    return await update_contact(ctx, user_id=user_id, other_id=other_id, changes=changes)


async def clear_nicknames(ctx: TenantContext, *, user_id: str, other_id: str) -> None:
    """Clear the nickname on each of the user's edges to ``other_id`` that has one."""
    for kind in NICKNAMED:
        if not ctx.settings.type_enabled(kind):
            continue
        try:
            await set_nickname(ctx, user_id=user_id, other_id=other_id, kind=kind, nickname=None)
        except NotFound:
            continue
