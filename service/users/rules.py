"""Per-user settings that the rules depend on (whether following needs approval)."""

from indexes import UserSettingsIndex
from models.user_settings import UserSettings
from service.core.context import TenantContext


def _defaults(ctx: TenantContext, user_id: str) -> UserSettings:
    return UserSettings(tenant_id=ctx.tenant_id, user_id=user_id, updated_at=ctx.now())


async def get_settings(ctx: TenantContext, *, user_id: str) -> UserSettings:
    """Any id is valid without registration: a user nobody configured has the defaults."""
    document = await ctx.store.user_settings.find_one(
        {"tenant_id": ctx.tenant_id, "user_id": user_id}, index=UserSettingsIndex.USER
    )
    return UserSettings.model_validate(document) if document else _defaults(ctx, user_id)


async def put_settings(
    ctx: TenantContext, *, user_id: str, follow_requires_approval: bool
) -> UserSettings:
    settings = _defaults(ctx, user_id)
    settings.follow_requires_approval = follow_requires_approval
    await ctx.store.user_settings.update_one(
        {"tenant_id": ctx.tenant_id, "user_id": user_id},
        {"$set": settings.model_dump(exclude={"id", "revision_id"})},
        index=UserSettingsIndex.USER,
        upsert=True,
    )
    return settings


async def erase_settings(ctx: TenantContext, *, user_id: str) -> int:
    return await ctx.store.user_settings.delete_many(
        {"tenant_id": ctx.tenant_id, "user_id": user_id}, index=UserSettingsIndex.USER
    )
