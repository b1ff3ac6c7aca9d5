"""HTTP for tenant admins (admin-scoped keys)."""

from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.exceptions import RequestValidationError
from fastapi.responses import StreamingResponse
from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

from models.enums import EventAction, RelationshipType
from models.tenant import TenantSettings
from service.admin import erasure, rules
from service.admin.export import export_user
from service.admin.routes import on_behalf
from service.core.data.pagination import Page
from service.core.data.repositories.events import EventFilter
from service.core.http.auth import AdminContext
from service.core.http.bodies import RelationshipTypeValue, RequestBody
from service.core.http.params import PageParams, UserIdPath
from service.core.ids import USER_ID_PATTERN
from service.history.rules import audit_page
from service.history.views import EventView, to_event_page

router = APIRouter(prefix="/v1/admin", tags=["admin"])
MAX_RETENTION_DAYS = 100 * 366
MAX_CAP = 10**9
MAX_CORS_ORIGINS = 50
# A browser's Origin: scheme, host and port, nothing else (so never "*", never a path).
ORIGIN_PATTERN = r"^https?://[A-Za-z0-9.\-]{1,253}(:[0-9]{1,5})?$"
Origin = Annotated[
    str,
    BeforeValidator(lambda value: value.lower() if isinstance(value, str) else value),
    StringConstraints(pattern=ORIGIN_PATTERN),
]
NDJSON = "application/x-ndjson"


class SettingsPatch(RequestBody):
    """Only the settings sent change; ``null`` lifts a cap or keeps the history forever."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"enabled_types": {"following": False}, "max_friends": 500}]
        }
    )

    connections_enabled: bool | None = None
    enabled_types: dict[RelationshipTypeValue, bool] | None = None
    max_friends: Annotated[int | None, Field(ge=0, le=MAX_CAP)] = None
    max_following: Annotated[int | None, Field(ge=0, le=MAX_CAP)] = None
    max_lists: Annotated[int | None, Field(ge=0, le=MAX_CAP)] = None
    max_list_members: Annotated[int | None, Field(ge=0, le=MAX_CAP)] = None
    suggestion_dismiss_days: Annotated[int | None, Field(ge=1, le=MAX_RETENTION_DAYS)] = None
    follow_requires_approval: bool | None = Field(
        default=None, description="The default for users who never chose."
    )
    history_retention_days: Annotated[int | None, Field(ge=1, le=MAX_RETENTION_DAYS)] = None
    cors_origins: list[Origin] | None = Field(
        default=None,
        max_length=MAX_CORS_ORIGINS,
        description="Origins (`https://app.example.com`) whose browser clients may call "
        "with the tenant's user tokens; every other origin is refused.",
    )
    user_rate_limit_per_second: Annotated[float | None, Field(ge=0, le=MAX_CAP)] = Field(
        default=None, description="Each user token's user's own limit (0: none)."
    )
    user_rate_limit_burst: Annotated[int | None, Field(ge=1, le=MAX_CAP)] = None

    def changes(self) -> dict[str, object]:
        """The settings sent, without the per-type switches; ``null`` only where it means
        something (no cap, no expiry)."""
        nullable = {
            "max_friends",
            "max_following",
            "history_retention_days",
            "user_rate_limit_per_second",  # null: the process default
            "user_rate_limit_burst",
        }
        sent = self.model_fields_set - {"enabled_types"}
        return {
            name: value
            for name, value in self.model_dump(include=sent).items()
            if value is not None or name in nullable
        }


class ErasedUser(BaseModel):
    user_id: str
    pseudonym: str  # what the history calls the user from now on
    edges_removed: int
    grants_removed: int
    settings_removed: int
    events_forgotten: int  # events that now name the pseudonym, without personal text


class ErasureCounts(BaseModel):
    edges_removed: int
    grants_removed: int
    settings_removed: int
    events_forgotten: int


class ErasureLeft(BaseModel):
    edges: int
    grants: int
    events: int  # events that still name the user


class ErasureState(BaseModel):
    user_id: str
    pseudonym: str
    state: Literal["not_started", "in_progress", "done"]
    done: ErasureCounts  # removed so far (the totals once done)
    left: ErasureLeft  # each counted no further than left_counted_up_to each way
    left_counted_up_to: int


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


UserIdQuery = Annotated[str | None, Query(pattern=USER_ID_PATTERN, max_length=128)]


async def event_filter(  # async: no thread-pool hop
    user_id: UserIdQuery = None,
    other_user_id: UserIdQuery = None,
    type: RelationshipType | None = None,
    action: EventAction | None = None,
    since: Annotated[AwareDatetime | None, Query(description="Inclusive.")] = None,
    until: Annotated[AwareDatetime | None, Query(description="Exclusive.")] = None,
) -> EventFilter:
    if other_user_id is not None and user_id is None:
        raise RequestValidationError(
            [{"loc": ("query", "other_user_id"), "msg": "needs user_id", "type": "missing"}]
        )
    return EventFilter(
        user_id, other_user_id, type, action, _utc(since, "since"), _utc(until, "until")
    )


def _utc(moment: datetime | None, name: str) -> datetime | None:
    """The time in UTC: 0001-01-01T00:00:00+14:00 lies before any date can hold, a 422."""
    try:
        return moment.astimezone(UTC) if moment is not None else None
    except OverflowError:
        raise RequestValidationError(
            [{"loc": ("query", name), "msg": "out of range", "type": "value_error"}]
        ) from None


@router.get("/history", response_model=Page[EventView])
async def audit_trail(
    ctx: AdminContext, page: PageParams, where: Annotated[EventFilter, Depends(event_filter)]
) -> Page[EventView]:
    """The tenant's relationship history, newest first, private events included: about one
    user (``user_id``), or between two (and ``other_user_id``), of one ``type`` or ``action``,
    from ``since`` until ``until``."""
    events, cursor = await audit_page(ctx, where=where, page=page)
    return to_event_page(events, cursor)


@router.delete("/users/{user_id}", response_model=ErasedUser)
async def erase_user(user_id: UserIdPath, ctx: AdminContext) -> ErasedUser:
    """Erase a user: every relationship and grant in both directions and their settings go;
    the history keeps its events under a pseudonym, without personal text. It runs in bounded
    batches (see ``GET /users/{user_id}/erasure``); erasing again resumes an erase cut short,
    and once done answers the same."""
    counts = await erasure.erase_user(ctx, user_id=user_id)
    return ErasedUser(user_id=user_id, **counts)


@router.get("/users/{user_id}/erasure", response_model=ErasureState)
async def erasure_state(user_id: UserIdPath, ctx: AdminContext) -> ErasureState:
    """How far erasing the user is: not started, in progress (an erase cut short: erasing
    again resumes it) or done; what it removed so far and what is left."""
    return ErasureState(user_id=user_id, **await erasure.erasure_state(ctx, user_id=user_id))


@router.get(
    "/users/{user_id}/export",
    response_class=StreamingResponse,
    responses={200: {"content": {NDJSON: {}}, "description": "The user's data, as NDJSON."}},
)
async def export(user_id: UserIdPath, ctx: AdminContext) -> StreamingResponse:
    """Every edge held by or pointing at the user, every grant they gave or received and every
    history event about them, as NDJSON (streamed; the first line describes the file)."""
    return StreamingResponse(
        export_user(ctx, user_id=user_id),
        media_type=NDJSON,
        headers={"content-disposition": f'attachment; filename="{user_id}.ndjson"'},
    )


for included in (on_behalf.mutes_router, on_behalf.nicknames_router):
    router.include_router(included)
