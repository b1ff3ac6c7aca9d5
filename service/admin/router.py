"""HTTP for tenant admins (admin-scoped keys)."""

from fastapi import APIRouter
from pydantic import BaseModel

from models.tenant import TenantSettings
from service.admin import rules
from service.core.auth import AdminContext
from service.core.bodies import RelationshipTypeValue, RequestBody
from service.core.errors import InsufficientScope, InvalidCursor, Unauthenticated
from service.core.ids import UserIdPath
from service.core.pagination import Page, PageParams
from service.core.routing import problems
from service.history.events import history_page
from service.history.views import EventView, to_event_page

router = APIRouter(prefix="/v1/admin", responses=problems(Unauthenticated, InsufficientScope))


class SettingsPatch(RequestBody):
    connections_enabled: bool | None = None
    enabled_types: dict[RelationshipTypeValue, bool] | None = None


class ErasedUser(BaseModel):
    user_id: str
    edges_removed: int
    grants_removed: int
    settings_removed: int


@router.get("/settings", response_model=TenantSettings)
async def get_settings(ctx: AdminContext) -> TenantSettings:
    """The tenant's module switches."""
    return ctx.settings


@router.patch("/settings", response_model=TenantSettings)
async def patch_settings(body: SettingsPatch, ctx: AdminContext) -> TenantSettings:
    """Switch the whole module, or single relationship types, on or off."""
    return await rules.update_settings(
        ctx,
        connections_enabled=body.connections_enabled,
        enabled_types=body.enabled_types or {},
    )


@router.get("/history", response_model=Page[EventView], responses=problems(InvalidCursor))
async def audit_trail(ctx: AdminContext, page: PageParams) -> Page[EventView]:
    """The tenant's whole relationship history, newest first, private events included."""
    events, cursor = await history_page(ctx, user_id=None, page=page)
    return to_event_page(events, cursor)


@router.delete("/users/{user_id}", response_model=ErasedUser)
async def erase_user(user_id: UserIdPath, ctx: AdminContext) -> ErasedUser:
    """Erase a user: every relationship and grant in both directions, and their settings."""
    counts = await rules.erase_user(ctx, user_id=user_id)
    return ErasedUser(user_id=user_id, **counts)
