"""Per-user settings that the rules depend on (whether following needs approval)."""

from models.user_settings import UserSettings
from service.core.context import TenantContext


async def get_settings(ctx: TenantContext, *, user_id: str) -> UserSettings:
    """Any id is valid without registration: a user nobody configured has the defaults."""
    return await ctx.user_settings.get(user_id)


async def put_settings(
    ctx: TenantContext, *, user_id: str, follow_requires_approval: bool
) -> UserSettings:
    return await ctx.user_settings.put(user_id, follow_requires_approval=follow_requires_approval)
