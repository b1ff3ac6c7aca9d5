"""Reading the relationship history; ``service.core.changes`` writes it."""

from typing import Any

from indexes import EventIndex
from models.event import RelationshipEvent
from service.core.context import TenantContext
from service.core.pagination import NEWEST_FIRST, PageRequest, split_page


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
