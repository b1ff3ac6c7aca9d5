"""The admin's audit trail: filters by user, pair, type, action and time, newest first, paged;
every combination the API allows served by a declared index (the fit check runs on each)."""

import itertools
from datetime import timedelta
from typing import Any

import pytest

from service.core.data.database import Store
from tests.helpers import Api, FakeClock, assert_problem

HISTORY = "/v1/admin/history"


async def trail(admin: Api, **filters: Any) -> list[tuple[str, str, str]]:
    items = await admin.items(HISTORY, limit=200, **filters)
    return [(e["action"], e["owner"], e["target"]) for e in items]


@pytest.fixture
async def story(api: Api, clock: FakeClock) -> dict[str, str]:
    """alice and bob become friends; a day later alice follows carol and mutes bob."""
    start = clock.moment
    await api.befriend("alice", "bob")
    clock.advance(days=1)
    middle = clock.moment
    await api.follow("alice", "carol")
    await api.mute("alice", "bob")
    await api.follow("dave", "erin")
    return {"start": start.isoformat(), "middle": middle.isoformat()}


async def test_filters(admin: Api, story: dict[str, str]) -> None:
    assert await trail(admin, user_id="alice") == [
        ("mute", "alice", "bob"),
        ("follow", "alice", "carol"),
        ("friend_accepted", "alice", "bob"),
        ("friend_requested", "alice", "bob"),
    ]
    assert await trail(admin, user_id="bob", other_user_id="alice") == [
        ("mute", "alice", "bob"),
        ("friend_accepted", "alice", "bob"),
        ("friend_requested", "alice", "bob"),
    ]
    assert await trail(admin, user_id="alice", type="following") == [("follow", "alice", "carol")]
    assert await trail(admin, action="follow") == [
        ("follow", "dave", "erin"),
        ("follow", "alice", "carol"),
    ]
    assert await trail(admin, type="friend") == [
        ("friend_accepted", "alice", "bob"),
        ("friend_requested", "alice", "bob"),
    ]
    assert await trail(admin, user_id="alice", action="mute", other_user_id="bob") == [
        ("mute", "alice", "bob")
    ]
    assert await trail(admin, user_id="carol", other_user_id="bob") == []


async def test_time_window(admin: Api, story: dict[str, str]) -> None:
    before = await trail(admin, until=story["middle"])
    assert [a for a, _, _ in before] == ["friend_accepted", "friend_requested"]
    after = await trail(admin, since=story["middle"])
    assert [a for a, _, _ in after] == ["follow", "mute", "follow"]
    both = await trail(admin, user_id="alice", since=story["start"], until=story["middle"])
    assert len(both) == 2
    assert await trail(admin, since=story["middle"], until=story["start"]) == []


async def test_pages_keep_the_filters(admin: Api, story: dict[str, str]) -> None:
    first = await admin.ok("GET", HISTORY, user_id="alice", limit=3)
    second = await admin.ok("GET", HISTORY, user_id="alice", limit=3, cursor=first["next_cursor"])
    assert second["next_cursor"] is None
    actions = [e["action"] for e in first["items"] + second["items"]]
    assert actions == ["mute", "follow", "friend_accepted", "friend_requested"]
    windowed = await admin.ok(
        "GET", HISTORY, until=story["middle"], limit=1, cursor=first["next_cursor"]
    )
    assert [e["action"] for e in windowed["items"]] == ["friend_requested"]


FILTERS: dict[str, str] = {
    "user_id": "alice",
    "other_user_id": "bob",
    "type": "friend",
    "action": "friend_accepted",
    "since": "2000-01-01T00:00:00Z",
    "until": "2999-01-01T00:00:00Z",
}


@pytest.mark.parametrize(
    "names",
    [
        names
        for size in range(len(FILTERS) + 1)
        for names in itertools.combinations(FILTERS, size)
        if "other_user_id" not in names or "user_id" in names
    ],
)
async def test_every_combination_is_index_served(
    admin: Api, store: Store, names: tuple[str, ...]
) -> None:
    await admin.befriend("alice", "bob")
    indexes: list[str | None] = []
    store.observers.append(lambda call: indexes.append(call.index))
    items = await trail(admin, **{name: FILTERS[name] for name in names})
    assert ("friend_accepted", "alice", "bob") in items
    assert indexes[-1] in {
        "tenant_pair_id" if "other_user_id" in names else "tenant_involves_id",
        "tenant_action_id",
        "tenant_id_time",
    }


async def test_filter_validation(admin: Api) -> None:
    alone = await admin.call("GET", HISTORY, other_user_id="bob")
    assert assert_problem(alone, 422, "validation_error")["errors"][0]["loc"] == [
        "query",
        "other_user_id",
    ]
    for bad in (
        {"type": "enemy"},
        {"action": "hug"},
        {"since": "yesterday"},
        {"until": "2030-01-01T00:00:00"},  # no time zone
        {"user_id": "a b"},
    ):
        assert_problem(await admin.call("GET", HISTORY, **bad), 422, "validation_error")


async def test_events_sort_by_their_time(api: Api, admin: Api, clock: FakeClock) -> None:
    await api.follow("a", "b")
    clock.advance(hours=1)
    await api.follow("a", "c")
    items = await admin.items(HISTORY)
    assert [e["target"] for e in items] == ["c", "b"]
    assert items[0]["at"] > items[1]["at"]
    window = await trail(admin, since=(clock.moment - timedelta(minutes=30)).isoformat())
    assert window == [("follow", "a", "c")]
