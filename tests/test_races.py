"""Lost races: a concurrent writer between our read and our write is detected and the step
re-run on fresh state, so no duplicate document or event appears and no change is lost."""

import asyncio
import contextvars
from collections.abc import Callable, Coroutine
from typing import Any

import pytest

from service.core.data.database import StaleWrite
from service.core.data.pagination import PageRequest
from service.core.data.pair import Pair
from service.core.data.repositories import EdgeRepository
from service.core.errors import Conflict, NotFound
from service.core.steps.context import TenantContext
from service.core.steps.runner import ATTEMPTS
from service.friends import rules as friends
from service.history.rules import history_page


def interleave(
    monkeypatch: pytest.MonkeyPatch, concurrent: Callable[[], Coroutine[Any, Any, Any]]
) -> list[int]:
    """Run ``concurrent`` right after the first pair read, as a racing request would.

    It runs in a fresh context, as another request does: outside our transaction, so on a
    server it commits on its own while ours is still open.
    """
    original = EdgeRepository.load_pair
    calls: list[int] = []

    async def racing_load_pair(self: EdgeRepository, a: str, b: str) -> Pair:
        pair = await original(self, a, b)
        calls.append(1)
        if len(calls) == 1:
            await asyncio.create_task(concurrent(), context=contextvars.Context())
        return pair

    monkeypatch.setattr(EdgeRepository, "load_pair", racing_load_pair)
    return calls


async def event_actions(ctx: TenantContext, user_id: str) -> list[str]:
    events, _ = await history_page(ctx, user_id=user_id, page=PageRequest(limit=100))
    return [e.action for e in events]


async def test_duplicate_insert_is_retried_as_a_repeat(
    ctx: TenantContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def same_request() -> None:
        await friends.request_friendship(ctx, requester="a", target="b", message=None)

    calls = interleave(monkeypatch, same_request)
    outcome = await friends.request_friendship(ctx, requester="a", target="b", message=None)
    assert outcome.created is False  # the racing request created it
    assert len(calls) == 3  # ours, the racer's, ours again after the duplicate key
    assert await event_actions(ctx, "a") == ["friend_requested"]


async def test_stale_update_is_retried_on_fresh_state(
    ctx: TenantContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    await friends.request_friendship(ctx, requester="a", target="b", message=None)

    async def rejected_meanwhile() -> None:
        await friends.reject(ctx, receiver="b", requester="a", reason=None)

    interleave(monkeypatch, rejected_meanwhile)
    with pytest.raises(NotFound):  # the request it read is no longer pending
        await friends.accept(ctx, receiver="b", requester="a")
    assert await event_actions(ctx, "a") == ["friend_rejected", "friend_requested"]


async def test_a_step_gives_up_after_repeated_losses(ctx: TenantContext) -> None:
    attempts: list[int] = []

    async def always_stale(at_moment: TenantContext) -> None:
        attempts.append(1)
        raise StaleWrite("again")

    with pytest.raises(Conflict) as raised:  # a 409 with Retry-After, never a 500
        await ctx.runner.run(ctx, (), always_stale)
    assert 1 < len(attempts) <= ATTEMPTS
    assert raised.value.headers == {"Retry-After": "1"}
