"""Counts: moved by every rule in the same step as its edge, read in a fixed number of queries.

The oracle is the edges themselves, counted straight from the database below the service.
"""

import json
import random
from typing import Any

import pytest

from models.enums import EventAction
from service.core.data.counting import Count
from service.core.data.database import Store
from service.core.data.repositories.counts import SLOTS
from service.core.steps.context import TenantContext
from service.integrity.check import check_tenant
from service.integrity.counts import repair_counts
from tests.helpers import Api, FakeClock, assert_problem

USERS = ["u0", "u1", "u2", "u3"]
COUNT_NAMES = [
    "friends",
    "followers",
    "following",
    "friend_requests_incoming",
    "friend_requests_outgoing",
    "follow_requests_incoming",
    "follow_requests_outgoing",
    "blocks",
    "mutes",
    "contacts",
]


async def edges_say(store: Store, user: str, clock: FakeClock) -> dict[str, Any]:
    """What each count is, from the stored edges (the acme tenant's)."""
    edges = store.database["user_relationships"]

    async def n(**query: Any) -> int:
        return int(await edges.count_documents({"tenant_id": "acme", **query}))

    now = clock.moment
    return {
        "user_id": user,
        "friends": await n(user_id=user, type="friend", status="accepted"),
        "followers": await n(target_user_id=user, type="following", status="active"),
        "following": await n(user_id=user, type="following", status="active"),
        "friend_requests_incoming": await n(target_user_id=user, type="friend", status="pending"),
        "friend_requests_outgoing": await n(user_id=user, type="friend", status="pending"),
        "follow_requests_incoming": await n(
            target_user_id=user, type="following", status="pending"
        ),
        "follow_requests_outgoing": await n(user_id=user, type="following", status="pending"),
        "blocks": await n(user_id=user, type="blocked"),
        "mutes": await n(
            user_id=user,
            type="muted",
            **{"$or": [{"muting.mute_until": None}, {"muting.mute_until": {"$gt": now}}]},
        ),
        "contacts": await n(user_id=user, type="contact", status="active"),
    }


async def counts(api: Api, user: str) -> dict[str, Any]:
    found: dict[str, Any] = await api.ok("GET", f"/v1/users/{user}/counts")
    return found


async def _random_step(api: Api, admin: Api, clock: FakeClock, rng: random.Random) -> None:
    a, b = rng.sample(USERS, 2)
    choice = rng.randrange(19)
    calls = [
        lambda: api.request_friend(a, b),
        lambda: api.call("POST", f"/v1/users/{a}/friend-requests/{b}/accept"),
        lambda: api.call("POST", f"/v1/users/{a}/friend-requests/{b}/reject"),
        lambda: api.call("DELETE", f"/v1/users/{a}/friend-requests/{b}"),
        lambda: api.call("DELETE", f"/v1/users/{a}/friends/{b}"),
        lambda: api.follow(a, b),
        lambda: api.call("DELETE", f"/v1/users/{a}/following/{b}"),
        lambda: api.call("POST", f"/v1/users/{a}/follow-requests/{b}/approve"),
        lambda: api.call("POST", f"/v1/users/{a}/follow-requests/{b}/reject"),
        lambda: api.call("DELETE", f"/v1/users/{a}/followers/{b}"),
        lambda: api.block(a, b),
        lambda: api.call("DELETE", f"/v1/users/{a}/blocks/{b}"),
        lambda: api.mute(a, b),
        lambda: api.mute(a, b, duration_seconds=rng.choice([30, 90])),
        lambda: api.call("DELETE", f"/v1/users/{a}/mutes/{b}"),
        lambda: api.call("PUT", f"/v1/users/{a}/contacts/{b}", {"nickname": "n"}),
        lambda: api.call("DELETE", f"/v1/users/{a}/contacts/{b}"),
        lambda: api.call(
            "PUT", f"/v1/users/{a}/settings", {"follow_requires_approval": rng.random() < 0.5}
        ),
        lambda: admin.call("DELETE", f"/v1/admin/users/{a}"),
    ]
    if rng.random() < 0.1:
        clock.advance(seconds=45)  # timed mutes end as time passes, with no write at all
    response = await calls[choice]()
    assert response.status_code < 500, response.text


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_counts_follow_every_rule_exactly(
    api: Api, admin: Api, store: Store, clock: FakeClock, seed: int
) -> None:
    rng = random.Random(seed)
    for step in range(120):
        await _random_step(api, admin, clock, rng)
        if step % 20 == 19:
            for user in USERS:
                assert await counts(api, user) == await edges_say(store, user, clock), step


async def test_a_block_that_severs_five_edges_moves_five_counts(api: Api) -> None:
    await api.befriend("a", "b")
    await api.follow("a", "b")
    await api.follow("b", "a")
    await api.ok("PUT", "/v1/users/b/settings", {"follow_requires_approval": True})
    await api.block("a", "b")
    zero = dict.fromkeys(COUNT_NAMES, 0)
    assert await counts(api, "a") == {**zero, "user_id": "a", "blocks": 1}
    assert await counts(api, "b") == {**zero, "user_id": "b"}


async def test_an_expired_mute_stops_counting_at_once(api: Api, clock: FakeClock) -> None:
    await api.mute("a", "b", duration_seconds=60)
    await api.mute("a", "c")
    assert (await counts(api, "a"))["mutes"] == 2
    clock.advance(seconds=61)
    assert (await counts(api, "a"))["mutes"] == 1
    await api.mute("a", "b")  # muted again, for good this time
    assert (await counts(api, "a"))["mutes"] == 2


async def test_reads_cost_fixed_round_trips_whatever_the_counts(api: Api, store: Store) -> None:
    for i in range(40):
        assert (await api.follow(f"fan{i}", "star")).status_code == 201
    response = await api.call("GET", "/v1/users/star/counts")
    assert response.json()["followers"] == 40
    # The key, the counters, the timed mutes in force.
    assert response.headers["x-db-round-trips"] == "3"
    # Forty follows at once spread over slot documents; a read sums at most SLOTS of them.
    slots = await store.database["user_counts"].count_documents({"user_id": "star"})
    assert 1 <= slots <= SLOTS
    ids = ",".join(["star", *(f"fan{i}" for i in range(99))])
    many = await api.call("GET", "/v1/counts", ids=ids)
    assert many.headers["x-db-round-trips"] == "2"  # the key, then one query
    items = many.json()["items"]
    assert [item["user_id"] for item in items] == ids.split(",")
    assert items[0] == {"user_id": "star", "friends": 0, "followers": 40, "following": 0}
    assert items[1] == {"user_id": "fan0", "friends": 0, "followers": 0, "following": 1}
    assert items[-1] == {"user_id": "fan98", "friends": 0, "followers": 0, "following": 0}


async def test_many_profiles_validates_ids(api: Api) -> None:
    too_many = ",".join(f"u{i}" for i in range(101))
    assert_problem(await api.call("GET", "/v1/counts", ids=too_many), 422, "validation_error")
    assert_problem(await api.call("GET", "/v1/counts", ids="a,,b"), 422, "validation_error")
    assert_problem(await api.call("GET", "/v1/counts"), 422, "validation_error")


async def test_counts_of_a_switched_off_type_are_absent(api: Api, admin: Api) -> None:
    await api.befriend("a", "b")
    await api.follow("a", "b")
    await admin.ok(
        "PATCH", "/v1/admin/settings", {"enabled_types": {"friend": False, "muted": False}}
    )
    mine = await counts(api, "a")
    assert not {"friends", "friend_requests_incoming", "mutes"} & set(mine)
    assert mine["following"] == 1
    response = await api.call("GET", "/v1/users/a/counts")
    assert response.headers["x-db-round-trips"] == "2"  # no timed mutes to count
    assert (await api.items("/v1/counts", ids="a,b")) == [
        {"user_id": "a", "followers": 0, "following": 1},
        {"user_id": "b", "followers": 1, "following": 0},
    ]
    await admin.ok("PATCH", "/v1/admin/settings", {"connections_enabled": False})
    assert_problem(await api.call("GET", "/v1/users/a/counts"), 403, "feature_disabled")
    assert_problem(await api.call("GET", "/v1/counts", ids="a"), 403, "feature_disabled")


async def test_an_erase_leaves_no_counts_behind(api: Api, admin: Api, store: Store) -> None:
    await api.befriend("alice", "bob")
    await api.follow("carol", "alice")
    await api.request_friend("dave", "alice")
    await admin.ok("DELETE", "/v1/admin/users/alice")
    assert await store.database["user_counts"].count_documents({"user_id": "alice"}) == 0
    assert (await counts(api, "bob"))["friends"] == 0
    assert (await counts(api, "carol"))["following"] == 0
    assert (await counts(api, "dave"))["friend_requests_outgoing"] == 0
    assert set((await counts(api, "alice")).values()) == {"alice", 0}


async def test_an_import_counts_what_it_created(api: Api, admin: Api) -> None:
    await api.ok("PUT", "/v1/users/u0/contacts/t0", {"nickname": "already"})
    rows = [{"user_id": "u0", "target_user_id": f"t{i}"} for i in range(5)]
    body = "\n".join(json.dumps(row) for row in rows)
    response = await admin.client.post(
        "/v1/import/contacts",
        content=body,
        headers={**api.headers, "content-type": "application/x-ndjson"},
    )
    assert response.status_code == 200, response.text
    assert (await counts(api, "u0"))["contacts"] == 5


async def test_check_finds_and_repairs_a_wrong_count(
    api: Api, admin: Api, store: Store, ctx: TenantContext
) -> None:
    await api.befriend("a", "b")
    acme = TenantContext.bind(
        store, tenant_id="acme", settings=ctx.settings, moment=ctx.now(), clock=None
    )
    assert (await check_tenant(acme, batch=2)).count_mismatches == []
    await store.database["user_counts"].update_one(
        {"tenant_id": "acme", "user_id": "a"}, {"$inc": {"friends": 3, "blocks": -1}}
    )
    found = (await check_tenant(acme, batch=2)).count_mismatches
    assert {(m.user_id, m.count, m.stored, m.expected) for m in found} == {
        ("a", Count.FRIENDS, 4, 1),
        ("a", Count.BLOCKS, -1, 0),
    }
    assert await repair_counts(acme, found) == 1
    assert (await check_tenant(acme, batch=2)).count_mismatches == []
    assert (await counts(api, "a"))["friends"] == 1
    trail = await admin.items("/v1/admin/history", action=EventAction.REPAIRED.value)
    assert [event["details"]["counts"] for event in trail] == [
        {"friends": {"was": 4, "now": 1}, "blocks": {"was": -1, "now": 0}}
    ]
