"""The change feed (GET /v1/events): order, resumption, the lag horizon, long polls, expiry."""

import asyncio
from typing import Any

import pytest

from tests.helpers import Api, FakeClock, assert_problem

LAG = 11.0  # the default lag: twice the default step budget of 5 s, and 1 s


async def feed(api: Api, **params: Any) -> dict[str, Any]:
    page: dict[str, Any] = await api.ok("GET", "/v1/events", **params)
    return page


async def everything(api: Api, after: str | None = None, **params: Any) -> list[dict[str, Any]]:
    """Read the feed to its current end, page by page."""
    seen: list[dict[str, Any]] = []
    while True:
        page = await feed(api, **({"after": after} if after else {}), **params)
        seen += page["items"]
        after = page["next_cursor"]
        if not page["items"]:
            return seen


async def test_events_appear_once_the_horizon_passes_them(api: Api, clock: FakeClock) -> None:
    await api.befriend("alice", "bob")
    first = await feed(api)
    assert first["items"] == []  # younger than the lag: not yet certain to be complete
    assert first["next_cursor"]
    clock.advance(seconds=LAG + 1)
    page = await feed(api, after=first["next_cursor"])
    assert [e["type"] for e in page["items"]] == ["friend_requested", "friend_accepted"]
    request = page["items"][0]
    assert request["owner"] == "alice"
    assert request["target"] == "bob"
    assert request["relationship_type"] == "friend"
    assert request["actor_kind"] == "user"
    assert request["to_status"] == "pending"
    assert set(request) == {
        "event_id",
        "type",
        "occurred_at",
        "actor",
        "actor_kind",
        "owner",
        "target",
        "relationship_type",
        "from_status",
        "to_status",
        "details",
    }
    # Resuming from the last cursor repeats nothing.
    assert (await feed(api, after=page["next_cursor"]))["items"] == []


async def test_pages_resume_without_gaps_or_repeats(api: Api, clock: FakeClock) -> None:
    for n in range(7):
        await api.ok("PUT", f"/v1/users/u{n}/following/star")
    clock.advance(seconds=LAG + 1)
    seen: list[dict[str, Any]] = []
    after: str | None = None
    while True:
        page = await feed(api, limit=2, **({"after": after} if after else {}))
        seen += page["items"]
        after = page["next_cursor"]
        if len(page["items"]) < 2:
            break
    assert [e["owner"] for e in seen] == [f"u{n}" for n in range(7)]
    assert len({e["event_id"] for e in seen}) == 7
    # Later events continue after the cursor.
    await api.ok("PUT", "/v1/users/late/following/star")
    clock.advance(seconds=LAG + 1)
    assert [e["owner"] for e in await everything(api, after)] == ["late"]


async def test_every_event_of_the_history_once(api: Api, admin: Api, clock: FakeClock) -> None:
    await api.befriend("a", "b")
    await api.follow("c", "a")
    await api.block("a", "c")
    await api.mute("b", "c")
    await api.ok("DELETE", "/v1/users/a/friends/b")
    clock.advance(seconds=LAG + 1)
    history = await admin.items("/v1/admin/history", limit=200)
    fed = await everything(api)
    assert [e["event_id"] for e in fed] == [e["id"] for e in reversed(history)]


async def test_types_filter(api: Api, clock: FakeClock) -> None:
    await api.befriend("a", "b")
    await api.follow("c", "a")
    clock.advance(seconds=LAG + 1)
    fed = await everything(api, types="follow,friend_accepted")
    assert [e["type"] for e in fed] == ["friend_accepted", "follow"]
    response = await api.call("GET", "/v1/events", types="follow,nonsense")
    body = assert_problem(response, 422, "validation_error")
    assert "nonsense" in response.text, body


async def test_long_poll_waits_for_an_event(api: Api, clock: FakeClock) -> None:
    start = (await feed(api))["next_cursor"]
    waiting = asyncio.create_task(feed(api, after=start, wait=30))
    await asyncio.sleep(0.3)  # the poll has looked once and is waiting
    assert not waiting.done()
    await api.follow("x", "y")
    clock.advance(seconds=LAG + 1)
    page = await asyncio.wait_for(waiting, timeout=30)
    assert [e["type"] for e in page["items"]] == ["follow"]


async def test_long_poll_ends_empty_at_its_deadline(api: Api, clock: FakeClock) -> None:
    start = (await feed(api))["next_cursor"]
    waiting = asyncio.create_task(feed(api, after=start, wait=5))
    await asyncio.sleep(0.3)
    clock.advance(seconds=6)
    page = await asyncio.wait_for(waiting, timeout=30)
    assert page["items"] == []
    assert page["next_cursor"]


async def test_cursors_past_retention_expire(api: Api, admin: Api, clock: FakeClock) -> None:
    start = (await feed(api))["next_cursor"]
    await admin.ok("PATCH", "/v1/admin/settings", {"history_retention_days": 1})
    clock.advance(days=2)
    response = await api.call("GET", "/v1/events", after=start)
    body = assert_problem(response, 410, "cursor_expired")
    resumed = await api.call("GET", "/v1/events", after=body["oldest_cursor"])
    assert resumed.status_code == 200, resumed.text


@pytest.mark.parametrize("cursor", ["nonsense", "YWJj", "c1:zz"])
async def test_malformed_cursor(api: Api, cursor: str) -> None:
    assert_problem(await api.call("GET", "/v1/events", after=cursor), 400, "invalid_cursor")


async def test_tenants_see_only_their_own_events(
    api: Api, other_tenant: Api, clock: FakeClock
) -> None:
    await api.befriend("a", "b")
    await other_tenant.follow("z", "y")
    clock.advance(seconds=LAG + 1)
    assert [e["type"] for e in await everything(api)] == ["friend_requested", "friend_accepted"]
    assert [e["type"] for e in await everything(other_tenant)] == ["follow"]
