"""Tenant-admin operations: module switches and erasing a user."""

from typing import Any

from models.enums import RelationshipType
from models.tenant import TenantSettings
from service.core.changes import record_user_erased
from service.core.context import TenantContext
from service.core.steps import step


@step
async def erase_user(ctx: TenantContext, *, user_id: str) -> dict[str, int]:
    """Seed 003's cascade: every edge in both directions goes; a history record stays."""
    counts = {
        "edges_removed": await ctx.edges.erase_user(user_id),
        "grants_removed": await ctx.grants.erase_user(user_id),
        "settings_removed": await ctx.user_settings.erase_user(user_id),
    }
    await record_user_erased(ctx, user_id=user_id, details=counts)
    return counts


async def update_settings(
    ctx: TenantContext,
    *,
    enabled_types: dict[RelationshipType, bool],
    changes: dict[str, Any],
) -> TenantSettings:
    """Set only the settings (and per-type switches) named, so concurrent admins changing
    others do not collide. They take effect from the next request on."""
    named: dict[str, Any] = {f"enabled_types.{k}": v for k, v in enabled_types.items()}
    named.update(changes)
    updated = ctx.settings.model_copy(update=changes, deep=True)
    updated.enabled_types.update(enabled_types)
    if named:
        await ctx.account.set_settings(named)
    return updated
