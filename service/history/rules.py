"""Reading the relationship history; ``service.core.steps.changes`` writes it."""

from models.event import RelationshipEvent
from service.core.data.pagination import PageRequest
from service.core.data.repositories.events import EventFilter
from service.core.steps.context import TenantContext


async def history_page(
    ctx: TenantContext, *, user_id: str | None, page: PageRequest
) -> tuple[list[RelationshipEvent], str | None]:
    """The events ``user_id`` may see, newest first: their own, and what others did to them.

    Without ``user_id``: the tenant's whole audit trail (for tenant admins).
    """
    return await ctx.events.page(visible_to=user_id, page=page)


async def audit_page(
    ctx: TenantContext, *, where: EventFilter, page: PageRequest
) -> tuple[list[RelationshipEvent], str | None]:
    """The tenant's audit trail (for tenant admins), narrowed by ``where``, newest first."""
    return await ctx.events.audit_page(where, page=page)
