"""Tenant-admin operations: the tenant's settings (erasing a user: ``erasure``)."""

from typing import Any

from models.enums import RelationshipType
from models.tenant import TenantSettings
from service.core.steps.context import TenantContext


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
