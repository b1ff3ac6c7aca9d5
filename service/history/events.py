"""Appending to and reading the relationship history (``relationship_events``)."""

from typing import Any

from beanie import PydanticObjectId

from indexes import EventIndex
from models.enums import ACTIONS_VISIBLE_TO_TARGET, EventAction, RelationshipStatus
from models.event import RelationshipEvent
from models.relationship import UserRelationship
from service.core.context import TenantContext
from service.core.pagination import NEWEST_FIRST, PageRequest, split_page


async def record(
    ctx: TenantContext,
    *,
    actor: str,
    edge: UserRelationship,
    action: EventAction,
    from_status: RelationshipStatus | None,
    to_status: RelationshipStatus | None,
    details: dict[str, Any] | None = None,
) -> RelationshipEvent:
    """Append one event about ``edge``, inside the ``Store.transaction`` of the change."""
    visible_to = [edge.user_id]
    if action in ACTIONS_VISIBLE_TO_TARGET:
        visible_to.append(edge.target_user_id)
    event = RelationshipEvent(
        id=PydanticObjectId(),
        tenant_id=ctx.tenant_id,
        actor=actor,
        owner=edge.user_id,
        target=edge.target_user_id,
        type=edge.type,
        action=action,
        from_status=from_status,
        to_status=to_status,
        at=ctx.now(),
        details=details or {},
        visible_to=visible_to,
    )
    await ctx.store.events.insert_one(event.model_dump(by_alias=True, exclude={"revision_id"}))
    return event


async def record_user_erased(ctx: TenantContext, *, user_id: str, details: dict[str, Any]) -> None:
    event = RelationshipEvent(
        id=PydanticObjectId(),
        tenant_id=ctx.tenant_id,
        actor="admin",
        owner=user_id,
        target=user_id,
        type=None,
        action=EventAction.USER_ERASED,
        at=ctx.now(),
        details=details,
        visible_to=[user_id],
    )
    await ctx.store.events.insert_one(event.model_dump(by_alias=True, exclude={"revision_id"}))


async def history_page(
    ctx: TenantContext, *, user_id: str | None, page: PageRequest
) -> tuple[list[RelationshipEvent], str | None]:
    """The events ``user_id`` may see, newest first: their own, and what others did to them.

    Without ``user_id``: the tenant's whole audit trail (for tenant admins).
    """
    query: dict[str, Any] = {"tenant_id": ctx.tenant_id}
    index = EventIndex.TENANT_TIME
    if user_id is not None:
        query["visible_to"] = user_id
        index = EventIndex.VISIBLE_TO
    query.update(page.bound())
    documents = await ctx.store.events.find(
        query, index=index, sort=NEWEST_FIRST, limit=page.limit + 1
    )
    kept, next_cursor = split_page(documents, page.limit)
    return [RelationshipEvent.model_validate(d) for d in kept], next_cursor
