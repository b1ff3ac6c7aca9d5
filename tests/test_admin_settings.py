"""The tenant's settings beyond the switches: caps on friends and follows, the default for
follow approval, and history retention; each takes effect on the next request."""

import asyncio
from datetime import timedelta
from typing import Any

import httpx
import pytest

from indexes import INDEXES_BY_COLLECTION, EventIndex
from service.core.data.database import GuardMode, Store
from tests.helpers import Api, assert_problem, lost_race

SETTINGS = "/v1/admin/settings"


async def test_new_settings_default_to_off(admin: Api) -> None:
    settings = await admin.ok("GET", SETTINGS)
    assert (settings["max_friends"], settings["max_following"]) == (None, None)
    assert settings["follow_requires_approval"] is False
    assert settings["history_retention_days"] is None


async def test_patch_sets_only_what_is_sent_and_null_lifts(admin: Api) -> None:
    await admin.ok("PATCH", SETTINGS, {"max_friends": 3, "history_retention_days": 30})
    await admin.ok("PATCH", SETTINGS, {"max_following": 5, "follow_requires_approval": True})
    settings = await admin.ok("GET", SETTINGS)
    assert (settings["max_friends"], settings["max_following"]) == (3, 5)
    assert settings["history_retention_days"] == 30
    assert settings["follow_requires_approval"] is True
    await admin.ok("PATCH", SETTINGS, {"max_friends": None, "history_retention_days": None})
    settings = await admin.ok("GET", SETTINGS)
    assert (settings["max_friends"], settings["max_following"]) == (None, 5)
    assert settings["history_retention_days"] is None
    for bad in (
        {"max_friends": -1},
        {"max_following": "many"},
        {"history_retention_days": 0},
        {"follow_requires_approval": "sometimes"},
    ):
        assert_problem(await admin.call("PATCH", SETTINGS, bad), 422, "validation_error")


async def test_friend_cap(api: Api, admin: Api) -> None:
    await api.befriend("alice", "bob")
    await admin.ok("PATCH", SETTINGS, {"max_friends": 1})
    # alice is at the cap: she may not ask, and nobody's request to her can be accepted.
    assert_problem(await api.request_friend("alice", "carol"), 409, "limit_reached")
    await api.ok("POST", "/v1/users/dave/friend-requests", {"target_user_id": "alice"})
    accept = await api.call("POST", "/v1/users/alice/friend-requests/dave/accept")
    assert_problem(accept, 409, "limit_reached")
    # Once she has room again, she may.
    await api.ok("DELETE", "/v1/users/alice/friends/bob")
    assert (
        await api.call("POST", "/v1/users/alice/friend-requests/dave/accept")
    ).status_code == 200
    assert await api.other_ids("/v1/users/alice/friends") == ["dave"]
    await admin.ok("PATCH", SETTINGS, {"max_friends": 2})
    await api.befriend("erin", "frank")
    assert (await api.request_friend("alice", "erin")).status_code == 201
    await admin.ok("PATCH", SETTINGS, {"max_friends": 1})
    accept = await api.call("POST", "/v1/users/erin/friend-requests/alice/accept")
    assert_problem(accept, 409, "limit_reached")
    # Repeats of what already holds answer as before; lifting the cap lets everything through.
    assert (await api.request_friend("alice", "dave")).status_code == 200
    await admin.ok("PATCH", SETTINGS, {"max_friends": None})
    assert (
        await api.call("POST", "/v1/users/erin/friend-requests/alice/accept")
    ).status_code == 200


async def test_following_cap_counts_pending_follows(api: Api, admin: Api) -> None:
    await api.ok("PUT", "/v1/users/bob/settings", {"follow_requires_approval": True})
    await admin.ok("PATCH", SETTINGS, {"max_following": 1})
    assert (await api.follow("alice", "bob")).json()["status"] == "pending"
    assert_problem(await api.follow("alice", "carol"), 409, "limit_reached")
    assert (await api.follow("alice", "bob")).status_code == 200  # a repeat
    await api.ok("DELETE", "/v1/users/alice/following/bob")
    assert (await api.follow("alice", "carol")).status_code == 201
    # Blocking ends the follow, which frees the place.
    await api.block("carol", "alice")
    assert (await api.follow("alice", "dave")).status_code == 201


async def test_tenant_default_for_follow_approval(api: Api, admin: Api) -> None:
    await admin.ok("PATCH", SETTINGS, {"follow_requires_approval": True})
    assert (await api.follow("alice", "bob")).json()["status"] == "pending"
    assert (await api.ok("GET", "/v1/users/bob/settings"))["follow_requires_approval"] is True
    await api.ok("PUT", "/v1/users/carol/settings", {"follow_requires_approval": False})
    assert (await api.follow("alice", "carol")).json()["status"] == "active"  # carol's wins
    await admin.ok("PATCH", SETTINGS, {"follow_requires_approval": False})
    assert (await api.follow("alice", "dave")).json()["status"] == "active"
    await api.ok("PUT", "/v1/users/erin/settings", {"follow_requires_approval": True})
    assert (await api.follow("alice", "erin")).json()["status"] == "pending"


async def test_history_retention_gives_events_an_expiry(api: Api, admin: Api, store: Store) -> None:
    await api.follow("alice", "bob")
    await admin.ok("PATCH", SETTINGS, {"history_retention_days": 7})
    await api.follow("alice", "carol")
    events = {
        e["target"]: e
        for e in await store.events.find(
            {"tenant_id": "acme", "visible_to": "alice"}, index=EventIndex.VISIBLE_TO
        )
    }
    assert events["bob"]["expires_at"] is None  # written before: kept
    expires = events["carol"]["expires_at"]
    assert expires - events["carol"]["at"] == timedelta(days=7)
    ttl = next(
        s for s in INDEXES_BY_COLLECTION["relationship_events"] if s.expire_after_seconds == 0
    )
    assert ttl.key_names == ("expires_at",)


async def concurrently(*calls: Any) -> list[httpx.Response]:
    responses: list[httpx.Response] = await asyncio.gather(*calls)
    return responses


@pytest.mark.parametrize("cap", [1, 2])
async def test_friend_cap_holds_under_concurrent_accepts(api: Api, admin: Api, cap: int) -> None:
    """Ten accepts to one user on ten different pairs: only the cap's worth succeed (the wire
    tier interleaves them; the embedded backend runs them one after the other)."""
    requesters = [f"r{i}" for i in range(10)]
    for requester in requesters:
        await api.ok("POST", f"/v1/users/{requester}/friend-requests", {"target_user_id": "bob"})
    await admin.ok("PATCH", SETTINGS, {"max_friends": cap})
    responses = await concurrently(
        *(api.call("POST", f"/v1/users/bob/friend-requests/{r}/accept") for r in requesters)
    )
    # On the wire tier an accept may also lose every retry to its racers (409 conflict, nothing
    # changed): the cap holds, and the answers say exactly what happened.
    succeeded = sum(r.status_code == 200 for r in responses)
    refused = [r for r in responses if r.status_code != 200 and not lost_race(r)]
    for response in refused:
        assert_problem(response, 409, "limit_reached")
    assert succeeded == cap or (succeeded < cap and not refused)
    assert len(await api.other_ids("/v1/users/bob/friends")) == succeeded
    accepted = [e for e in await api.history("bob") if e["action"] == "friend_accepted"]
    assert len(accepted) == succeeded


async def test_following_cap_holds_under_concurrent_follows(api: Api, admin: Api) -> None:
    await admin.ok("PATCH", SETTINGS, {"max_following": 1})
    responses = await concurrently(*(api.follow("alice", f"t{i}") for i in range(10)))
    succeeded = sum(r.status_code == 201 for r in responses)
    refused = [r for r in responses if r.status_code != 201 and not lost_race(r)]
    for response in refused:
        assert_problem(response, 409, "limit_reached")
    assert succeeded == 1 or (succeeded == 0 and not refused)
    assert len(await api.other_ids("/v1/users/alice/following")) == succeeded


async def test_a_capped_step_writes_each_users_guard_before_counting(
    api: Api, admin: Api, store: Store
) -> None:
    """On MongoDB, two transactions writing one document conflict, and the loser runs again:
    so writing the user's guard document first makes every later count in the step see the
    other capped steps of that user. (The wire server reports a conflict between any two
    overlapping transactions, guard or not, so the race tests above cannot show this.)"""
    await api.ok("POST", "/v1/users/alice/friend-requests", {"target_user_id": "bob"})
    await admin.ok("PATCH", SETTINGS, {"max_friends": 5})
    calls: list[tuple[str, str, str]] = []
    store.observers.append(
        lambda call: calls.append(
            (call.operation, call.collection, str((call.query or {}).get("user_id")))
        )
    )
    await api.ok("POST", "/v1/users/bob/friend-requests/alice/accept")
    capped = [c[:2] for c in calls if c[1] == "pair_guards" or c[0] == "count"]
    # Under transactions each user's guard is written before their count (after the pair's);
    # the embedded backend never interleaves steps and writes none (leases: the race suite).
    guard = store.guard_mode is GuardMode.TRANSACTION
    assert capped == [
        *([("update", "pair_guards")] if guard else []),  # the pair
        *([("update", "pair_guards")] if guard else []),  # alice
        ("count", "user_relationships"),
        *([("update", "pair_guards")] if guard else []),  # bob
        ("count", "user_relationships"),
    ]
    calls.clear()
    await admin.ok("PATCH", SETTINGS, {"max_friends": None})
    await api.follow("carol", "dave")
    assert not [c for c in calls if c[0] == "count"]  # no cap, no count (and no user guard)
