"""HTTP for mutes; the rules live in ``service.mutes.rules``.

The same routes serve the user's own endpoints (``router`` below) and the tenant admin's
(``/v1/admin/users``): :func:`add_mute_routes` registers them on a router with the context
dependency of its scope. It is the one router factory another domain may import (the import
contract names it).
"""

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Annotated, Any, Self

from fastapi import APIRouter, Depends, Response, status
from pydantic import ConfigDict, Field, model_validator

from models.enums import RelationshipType
from models.relationship import Muting
from service.core.data.pagination import Page
from service.core.errors import MuteEndInPast, NotFound, SelfRelationship
from service.core.http.auth import app_context
from service.core.http.bodies import RequestBody, Timestamp
from service.core.http.declared import problems
from service.core.http.params import PageParams, UserIdPath
from service.core.http.routing import user_router
from service.core.http.views import EdgeView, answer, to_page, to_view
from service.core.steps.context import TenantContext
from service.mutes import rules
from service.mutes.rules import MuteEnd

MAX_MUTE_SECONDS = 100 * 365 * 24 * 3600  # beyond a century, ask for a permanent mute
FLAGS = ("mute_notifications", "mute_stories", "mute_calls")


class MuteView(EdgeView):
    muting: Muting


class MuteEndFields(RequestBody):
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

    def end(self) -> MuteEnd:
        return MuteEnd(duration_seconds=self.duration_seconds, mute_until=self.mute_until)


class MuteBody(MuteEndFields):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"duration_seconds": 3600, "mute_stories": False}]}
    )

    mute_notifications: bool = True
    mute_stories: bool = True
    mute_calls: bool = True


class MutePatch(MuteEndFields):
    """Only the fields sent change; ``duration_seconds`` or ``mute_until`` set the end anew
    (``null``: permanent)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"mute_calls": False}]})

    mute_notifications: bool | None = None
    mute_stories: bool | None = None
    mute_calls: bool | None = None


def add_mute_routes(router: APIRouter, context: Callable[..., Awaitable[TenantContext]]) -> None:
    """Register the mute routes on ``router``, authenticated by ``context``."""
    authenticated = Depends(context)

    @router.put("/mutes/{other_id}", response_model=MuteView, status_code=status.HTTP_201_CREATED)
    @problems(MuteEndInPast, SelfRelationship)
    async def mute(
        user_id: UserIdPath,
        other_id: UserIdPath,
        response: Response,
        body: MuteBody | None = None,
        ctx: TenantContext = authenticated,
    ) -> MuteView:
        """Mute ``other_id`` (they never learn of it); muting again replaces the flags and the
        end, keeping ``muted_at``."""
        body = body or MuteBody()
        outcome = await rules.mute(
            ctx,
            user_id=user_id,
            other_id=other_id,
            flags=body.model_dump(include=set(FLAGS)),
            end=body.end(),
        )
        return answer(MuteView, outcome, user_id, response)

    @router.patch("/mutes/{other_id}", response_model=MuteView)
    @problems(MuteEndInPast, NotFound, SelfRelationship)
    async def update_mute(
        user_id: UserIdPath,
        other_id: UserIdPath,
        body: MutePatch,
        ctx: TenantContext = authenticated,
    ) -> MuteView:
        """Change only the flags, or the end, sent; keep the rest (404: no mute in force)."""
        sent = body.model_fields_set
        flags: dict[str, Any] = body.model_dump(include=sent & set(FLAGS), exclude_none=True)
        end = body.end() if sent & {"duration_seconds", "mute_until"} else None
        outcome = await rules.update_mute(
            ctx, user_id=user_id, other_id=other_id, flags=flags, end=end
        )
        return to_view(MuteView, outcome.edge, user_id)

    @router.get("/mutes/{other_id}", response_model=MuteView)
    @problems(NotFound, SelfRelationship)
    async def get_mute(
        user_id: UserIdPath, other_id: UserIdPath, ctx: TenantContext = authenticated
    ) -> MuteView:
        """The mute of ``other_id``, if in force (404: none)."""
        edge = await rules.get_mute(ctx, user_id=user_id, other_id=other_id)
        return to_view(MuteView, edge, user_id)

    @router.delete("/mutes/{other_id}", status_code=status.HTTP_204_NO_CONTENT)
    @problems(SelfRelationship)
    async def unmute(
        user_id: UserIdPath, other_id: UserIdPath, ctx: TenantContext = authenticated
    ) -> None:
        """Lift the mute on ``other_id``."""
        await rules.unmute(ctx, user_id=user_id, other_id=other_id)

    @router.get("/mutes", response_model=Page[MuteView])
    async def list_mutes(
        user_id: UserIdPath, page: PageParams, ctx: TenantContext = authenticated
    ) -> Page[MuteView]:
        """Mutes still in force, newest first, with their ``mute_until``."""
        edges, cursor = await rules.list_mutes(ctx, user_id=user_id, page=page)
        return to_page(MuteView, edges, cursor, user_id)


router = user_router(feature=RelationshipType.MUTED, tag="mutes")
add_mute_routes(router, app_context)
