"""HTTP for a user's relationship history."""

from service.core.data.pagination import Page
from service.core.http.auth import AppContext
from service.core.http.params import HistoryUserIdPath, PageParams
from service.core.http.routing import user_router
from service.history.rules import history_page
from service.history.views import EventView, to_event_page

router = user_router(tag="history")


@router.get("/history", response_model=Page[EventView])
async def history(user_id: HistoryUserIdPath, ctx: AppContext, page: PageParams) -> Page[EventView]:
    """Events involving the user, newest first (others' mutes, blocks and notes stay private)."""
    events, cursor = await history_page(ctx, user_id=user_id, page=page)
    return to_event_page(events, cursor)
