"""Tenant-admin operations: module switches and erasing a user."""

from indexes import RelationshipIndex
from service.core.changes import record_user_erased
from service.core.context import TenantContext
from service.grants.rules import erase_grants
from service.users.rules import erase_settings


async def erase_user(ctx: TenantContext, *, user_id: str) -> dict[str, int]:
    """Seed 003's cascade: every edge in both directions goes; a history record stays."""

    async def step() -> dict[str, int]:
        owned = await ctx.store.relationships.delete_many(
            {"tenant_id": ctx.tenant_id, "user_id": user_id}, index=RelationshipIndex.PAIR
        )
        pointing = await ctx.store.relationships.delete_many(
            {"tenant_id": ctx.tenant_id, "target_user_id": user_id},
            index=RelationshipIndex.TARGET_LIST,
        )
        settings = await erase_settings(ctx, user_id=user_id)
        grants = await erase_grants(ctx, user_id=user_id)
        counts = {
            "edges_removed": owned + pointing,
            "grants_removed": grants,
            "settings_removed": settings,
        }
        await record_user_erased(ctx, user_id=user_id, details=counts)
        return counts

    return await ctx.store.transaction(step)
