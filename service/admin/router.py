"""HTTP for tenant admins (admin-scoped keys)."""

from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, Field

from models.enums import RelationshipType
from models.tenant import TenantSettings
from service.admin import rules, users
from service.core.auth import AdminContext
from service.core.errors import InsufficientScope, InvalidCursor, Unauthenticated
from service.core.ids import UserIdPath
from service.core.pagination import Page, PageParams
from service.core.routing import ADMIN_TAG, problems
from service.history.events import history_page
from service.history.views import EventView, to_event_page

router = APIRouter(
    prefix="/v1/admin", tags=[ADMIN_TAG], responses=problems(Unauthenticated, InsufficientScope)
)
MAX_RETENTION_DAYS = 100 * 366


class SettingsPatch(BaseModel):
    """Only the settings sent change; ``null`` lifts a cap or keeps the history forever."""

    connections_enabled: bool | None = None
    enabled_types: dict[RelationshipType, bool] | None = None
    max_friends: Annotated[int | None, Field(ge=0)] = None
    max_following: Annotated[int | None, Field(ge=0)] = None
    follow_requires_approval: bool | None = Field(
        default=None, description="The default for users who never chose."
    )
    history_retention_days: Annotated[int | None, Field(ge=1, le=MAX_RETENTION_DAYS)] = None

    def changes(self) -> dict[str, object]:
        """The settings sent, without the per-type switches; ``null`` only where it means
        something (no cap, no expiry)."""
        nullable = {"max_friends", "max_following", "history_retention_days"}
        sent = self.model_fields_set - {"enabled_types"}
        return {
            name: value
            for name, value in self.model_dump(include=sent).items()
            if value is not None or name in nullable
        }


class ErasedUser(BaseModel):
    user_id: str
    edges_removed: int
    grants_removed: int
    settings_removed: int


@router.get("/settings", response_model=TenantSettings)
async def get_settings(ctx: AdminContext) -> TenantSettings:
    """The tenant's module switches, caps, follow-approval default and history retention."""
    return ctx.settings


@router.patch("/settings", response_model=TenantSettings)
async def patch_settings(body: SettingsPatch, ctx: AdminContext) -> TenantSettings:
    """Switch the module or single types on or off; set the caps, the default for follow
    approval and the history retention."""
    return await rules.update_settings(
        ctx, enabled_types=body.enabled_types or {}, changes=body.changes()
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


for included in (users.mutes_router, users.nicknames_router):
    router.include_router(included)
