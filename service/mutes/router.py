"""HTTP for mutes; the rules live in ``service.mutes.rules``."""

from datetime import UTC, datetime
from typing import Annotated, Self

from fastapi import Response, status
from pydantic import Field, model_validator

from models.enums import RelationshipType
from models.relationship import Muting
from service.core.auth import AppContext
from service.core.bodies import RequestBody, Timestamp
from service.core.errors import MuteEndInPast
from service.core.ids import UserIdPath
from service.core.pagination import Page, PageParams
from service.core.routing import LIST_ERRORS, user_router
from service.core.views import EdgeView, answer, to_page
from service.mutes import rules

router = user_router(MuteEndInPast, *LIST_ERRORS, feature=RelationshipType.MUTED)
MAX_MUTE_SECONDS = 100 * 365 * 24 * 3600  # beyond a century, ask for a permanent mute


class MuteView(EdgeView):
    muting: Muting


class MuteBody(RequestBody):
    mute_notifications: bool = True
    mute_stories: bool = True
    mute_calls: bool = True
    duration_seconds: Annotated[int | None, Field(ge=1, le=MAX_MUTE_SECONDS)] = None
    mute_until: Timestamp | None = Field(
        default=None, description="When the mute ends (with a time zone); omit for permanent."
    )

    @model_validator(mode="after")
    def _one_end(self) -> Self:
        if self.duration_seconds is not None and self.mute_until is not None:
            raise ValueError("give duration_seconds or mute_until, not both")
        if self.mute_until is not None:
            try:  # 9999-12-31T20:00:00-05:00 is year 10000 in UTC: past what a date can hold
                self.mute_until = self.mute_until.astimezone(UTC)
            except OverflowError:
                raise ValueError("mute_until is out of range; omit it for permanent") from None
            if self.mute_until.year > datetime.now(UTC).year + 100:
                raise ValueError("mute_until is more than a century away; omit it for permanent")
        return self


@router.put("/mutes/{other_id}", response_model=MuteView, status_code=status.HTTP_201_CREATED)
async def mute(
    user_id: UserIdPath,
    other_id: UserIdPath,
    ctx: AppContext,
    response: Response,
    body: MuteBody | None = None,
) -> MuteView:
    """Mute ``other_id`` (they never learn of it); muting again replaces the mute."""
    body = body or MuteBody()
    outcome = await rules.mute(
        ctx,
        user_id=user_id,
        other_id=other_id,
        flags=body.model_dump(include={"mute_notifications", "mute_stories", "mute_calls"}),
        duration_seconds=body.duration_seconds,
        mute_until=body.mute_until,
    )
    return answer(MuteView, outcome, user_id, response)


@router.delete("/mutes/{other_id}", status_code=status.HTTP_204_NO_CONTENT)
async def unmute(user_id: UserIdPath, other_id: UserIdPath, ctx: AppContext) -> None:
    """Lift the mute on ``other_id``."""
    await rules.unmute(ctx, user_id=user_id, other_id=other_id)


@router.get("/mutes", response_model=Page[MuteView])
async def list_mutes(user_id: UserIdPath, ctx: AppContext, page: PageParams) -> Page[MuteView]:
    """Mutes still in force, newest first, with their ``mute_until``."""
    edges, cursor = await rules.list_mutes(ctx, user_id=user_id, page=page)
    return to_page(MuteView, edges, cursor, user_id)
