"""HTTP for per-user settings."""

from pydantic import ConfigDict

from service.core.http.auth import AppContext
from service.core.http.bodies import RequestBody
from service.core.http.params import UserIdPath
from service.core.http.routing import user_router
from service.users import rules

router = user_router(tag="settings")


class UserSettingsBody(RequestBody):
    model_config = ConfigDict(json_schema_extra={"examples": [{"follow_requires_approval": True}]})

    follow_requires_approval: bool


class UserSettingsView(UserSettingsBody):
    user_id: str


@router.get("/settings", response_model=UserSettingsView)
async def get_settings(user_id: UserIdPath, ctx: AppContext) -> UserSettingsView:
    """The user's settings (the tenant's defaults for a user never configured)."""
    approval = await rules.follow_requires_approval(ctx, user_id=user_id)
    return UserSettingsView(user_id=user_id, follow_requires_approval=approval)


@router.put("/settings", response_model=UserSettingsView)
async def put_settings(
    user_id: UserIdPath, body: UserSettingsBody, ctx: AppContext
) -> UserSettingsView:
    """Replace the user's settings."""
    await rules.put_settings(
        ctx, user_id=user_id, follow_requires_approval=body.follow_requires_approval
    )
    return UserSettingsView(user_id=user_id, follow_requires_approval=body.follow_requires_approval)
