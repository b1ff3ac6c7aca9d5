"""Per-user settings that the rules depend on (whether following needs approval)."""

from models.user_settings import UserSettings
from service.core.steps.context import TenantContext


async def follow_requires_approval(ctx: TenantContext, *, user_id: str) -> bool:
    """The user's own choice, else the tenant's default (a user nobody configured has it)."""
    settings = await ctx.user_settings.get(user_id)
    return settings.requires_approval(ctx.settings.follow_requires_approval)


async def put_settings(
    ctx: TenantContext, *, user_id: str, follow_requires_approval: bool
) -> UserSettings:
    return await ctx.user_settings.put(user_id, follow_requires_approval=follow_requires_approval)
