"""History: one event per state change, newest first, private where it should be."""

from datetime import datetime

import pytest

from tests.helpers import Api


async def test_events_carry_actor_owner_target_and_statuses(api: Api) -> None:
    await api.befriend("alice", "bob")
    events = await api.history("alice")
    accepted, requested = events
    assert requested["action"] == "friend_requested"
    assert (requested["actor"], requested["owner"], requested["target"]) == (
        "alice",
        "alice",
        "bob",
    )
    assert (requested["from_status"], requested["to_status"]) == (None, "pending")
    assert accepted["action"] == "friend_accepted"
    assert (accepted["actor"], accepted["owner"], accepted["target"]) == ("bob", "alice", "bob")
    assert (accepted["from_status"], accepted["to_status"]) == ("pending", "accepted")
    assert accepted["type"] == "friend"
    # As times, not strings: "…16Z" and "…16.001000Z" sort wrongly as text.
    assert datetime.fromisoformat(accepted["at"]) > datetime.fromisoformat(requested["at"])
    assert await api.history("bob") == events


@pytest.mark.slow
async def test_every_change_writes_exactly_one_event(api: Api) -> None:
    steps = [
        ("PUT", "/v1/users/a/following/b", None, "follow"),
        ("DELETE", "/v1/users/a/following/b", None, "unfollow"),
        ("POST", "/v1/users/a/friend-requests", {"target_user_id": "b"}, "friend_requested"),
        ("DELETE", "/v1/users/a/friend-requests/b", None, "friend_cancelled"),
        ("PUT", "/v1/users/a/mutes/b", None, "mute"),
        ("DELETE", "/v1/users/a/mutes/b", None, "unmute"),
        ("PUT", "/v1/users/a/contacts/b", {"notes": "n"}, "contact_saved"),
        ("DELETE", "/v1/users/a/contacts/b", None, "contact_removed"),
        ("PUT", "/v1/users/a/blocks/b", None, "block"),
        ("DELETE", "/v1/users/a/blocks/b", None, "unblock"),
    ]
    for method, path, body, action in steps:
        await api.ok(method, path, body)
        await api.ok(method, path, body)  # the repeat changes nothing and records nothing
        assert (await api.actions("a"))[0] == action
    assert len(await api.history("a")) == len(steps)


async def test_history_pages(api: Api) -> None:
    for i in range(7):
        await api.follow("a", f"u{i}")
    first = await api.ok("GET", "/v1/users/a/history", limit=4)
    second = await api.ok("GET", "/v1/users/a/history", limit=4, cursor=first["next_cursor"])
    assert second["next_cursor"] is None
    targets = [e["target"] for e in first["items"] + second["items"]]
    assert targets == [f"u{i}" for i in reversed(range(7))]
