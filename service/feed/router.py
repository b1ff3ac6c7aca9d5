"""HTTP for the change feed: ``GET /v1/events``."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.exceptions import RequestValidationError

from models.enums import EventAction
from service.core.data.pagination import decode_cursor, encode_cursor
from service.core.errors import CursorExpired, InvalidCursor
from service.core.http.auth import AppContext, ClockDep, feature_switch
from service.core.http.declared import problems
from service.feed.rules import MAX_WAIT_SECONDS, feed_lag, follow_feed
from service.feed.views import FeedPageView, event_view

router = APIRouter(prefix="/v1", tags=["feed"], dependencies=[Depends(feature_switch(None))])
MAX_FEED_LIMIT = 500
DEFAULT_FEED_LIMIT = 100


def _actions(types: str | None) -> list[EventAction]:
    if not types:
        return []
    names = [name.strip() for name in types.split(",") if name.strip()]
    unknown = [name for name in names if name not in EventAction.__members__.values()]
    if unknown:
        raise RequestValidationError(
            [
                {
                    "loc": ("query", "types"),
                    "msg": f"unknown event types: {', '.join(unknown)}",
                    "type": "enum",
                }
            ]
        )
    return [EventAction(name) for name in names]


@router.get("/events", response_model=FeedPageView)
@problems(InvalidCursor, CursorExpired)
async def events(
    request: Request,
    ctx: AppContext,
    clock: ClockDep,
    after: Annotated[str | None, Query(max_length=200, description="A next_cursor")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_FEED_LIMIT)] = DEFAULT_FEED_LIMIT,
    types: Annotated[
        str | None, Query(max_length=2000, description="Comma-separated event types")
    ] = None,
    wait: Annotated[
        int, Query(ge=0, le=MAX_WAIT_SECONDS, description="Seconds to wait for an event")
    ] = 0,
) -> FeedPageView:
    """The tenant's events in commit order, from the start or after a cursor (a long poll
    with ``wait``); the feed stays ``RELATIONSHIPS_FEED_LAG_SECONDS`` behind the clock."""
    page = await follow_feed(
        ctx,
        clock,
        after=decode_cursor(after) if after else None,
        actions=_actions(types),
        limit=limit,
        lag_seconds=feed_lag(request.app.state.settings),
        wait_seconds=wait,
    )
    return FeedPageView(
        items=[event_view(e) for e in page.events], next_cursor=encode_cursor(page.resume_after)
    )
