"""Lists: private audiences with caps, one event per change, left by a block, one-query check."""

from datetime import timedelta

import httpx

from service.core.data.database import GuardMode, Store
from tests.helpers import Api, FakeClock, assert_problem
from tests.tokens_helpers import mint


async def new_list(api: Api, owner: str, name: str = "Close friends") -> str:
    created = await api.ok("POST", f"/v1/users/{owner}/lists", {"name": name})
    return str(created["list_id"])


async def test_create_change_delete_a_list(api: Api) -> None:
    response = await api.call(
        "POST", "/v1/users/alice/lists", {"name": "Family", "description": "home"}
    )
    assert response.status_code == 201
    created = response.json()
    assert {k: created[k] for k in ("name", "description", "member_count")} == {
        "name": "Family",
        "description": "home",
        "member_count": 0,
    }
    path = f"/v1/users/alice/lists/{created['list_id']}"
    assert (await api.ok("GET", path))["name"] == "Family"
    changed = await api.ok("PATCH", path, {"name": "Kin", "description": None})
    assert (changed["name"], changed["description"]) == ("Kin", None)
    assert await api.items("/v1/users/alice/lists") == [changed]
    assert_problem(
        await api.call("GET", "/v1/users/bob/lists/" + created["list_id"]), 404, "not_found"
    )
    assert (await api.call("DELETE", path)).status_code == 204
    assert (await api.call("DELETE", path)).status_code == 204
    assert_problem(await api.call("GET", path), 404, "not_found")
    assert await api.actions("alice") == ["list_deleted", "list_changed", "list_created"]


async def test_bad_lists_are_4xx(api: Api) -> None:
    for body in ({"name": ""}, {"name": "x" * 65}, {"name": "a", "description": "d" * 301}, {}):
        assert_problem(await api.call("POST", "/v1/users/a/lists", body), 422, "validation_error")
    assert_problem(await api.call("GET", "/v1/users/a/lists/nope"), 404, "not_found")


async def test_members_are_idempotent_and_counted(api: Api) -> None:
    list_id = await new_list(api, "alice")
    member = f"/v1/users/alice/lists/{list_id}/members"
    assert (await api.call("PUT", f"{member}/bob")).status_code == 201
    assert (await api.call("PUT", f"{member}/bob")).status_code == 200
    assert (await api.call("PUT", f"{member}/carol")).status_code == 201
    assert await api.other_ids(member) == ["carol", "bob"]
    assert (await api.ok("GET", f"/v1/users/alice/lists/{list_id}"))["member_count"] == 2
    assert (await api.call("DELETE", f"{member}/bob")).status_code == 204
    assert (await api.call("DELETE", f"{member}/bob")).status_code == 204
    assert (await api.ok("GET", f"/v1/users/alice/lists/{list_id}"))["member_count"] == 1
    assert (await api.actions("alice"))[:4] == [
        "list_member_removed",
        "list_member_added",
        "list_member_added",
        "list_created",
    ]
    assert await api.actions("bob") == []  # lists are private to their owner
    other = await new_list(api, "alice", "Team")
    await api.ok("PUT", f"/v1/users/alice/lists/{other}/members/dave")
    held = await api.items("/v1/users/alice/lists", member="carol")
    assert [item["list_id"] for item in held] == [list_id]


async def test_the_audience_check_is_one_query(api: Api) -> None:
    list_id = await new_list(api, "owner")
    await api.ok("PUT", f"/v1/users/owner/lists/{list_id}/members/viewer")
    response = await api.call("GET", "/v1/users/viewer/access", owner="owner", list_id=list_id)
    assert response.json() == {"member": True}
    assert response.headers["x-db-round-trips"] == "2"  # the key, then one query
    outsider = await api.ok("GET", "/v1/users/other/access", owner="owner", list_id=list_id)
    assert outsider == {"member": False}
    assert (await api.ok("GET", "/v1/users/v/access", owner="owner", resource_id="doc")) == {
        "read": False,
        "write": False,
    }
    both = await api.call("GET", "/v1/users/v/access", owner="o", resource_id="d", list_id=list_id)
    assert_problem(both, 422, "validation_error")
    assert_problem(await api.call("GET", "/v1/users/v/access", owner="o"), 422, "validation_error")


async def test_a_block_takes_the_blocked_off_every_list(api: Api) -> None:
    first, second = await new_list(api, "alice"), await new_list(api, "alice", "Team")
    for list_id in (first, second):
        await api.ok("PUT", f"/v1/users/alice/lists/{list_id}/members/bob")
    await api.block("alice", "bob")
    for list_id in (first, second):
        assert await api.other_ids(f"/v1/users/alice/lists/{list_id}/members") == []
        assert (await api.ok("GET", f"/v1/users/alice/lists/{list_id}"))["member_count"] == 0
    block = (await api.history("alice"))[0]
    assert sorted(block["details"]["lists_left"]) == sorted([first, second])
    refused = await api.call("PUT", f"/v1/users/alice/lists/{first}/members/bob")
    assert_problem(refused, 403, "blocked")


async def test_caps(api: Api, admin: Api) -> None:
    await admin.ok("PATCH", "/v1/admin/settings", {"max_lists": 2, "max_list_members": 1})
    list_id = await new_list(api, "alice")
    await new_list(api, "alice")
    assert_problem(
        await api.call("POST", "/v1/users/alice/lists", {"name": "third"}), 409, "limit_reached"
    )
    await api.ok("PUT", f"/v1/users/alice/lists/{list_id}/members/bob")
    full = await api.call("PUT", f"/v1/users/alice/lists/{list_id}/members/carol")
    assert_problem(full, 409, "limit_reached")
    assert (
        await api.call("PUT", f"/v1/users/alice/lists/{list_id}/members/bob")
    ).status_code == 200


async def test_export_and_erase_include_lists_both_ways(
    api: Api, admin: Api, client: httpx.AsyncClient
) -> None:
    mine = await new_list(api, "alice")
    await api.ok("PUT", f"/v1/users/alice/lists/{mine}/members/bob")
    theirs = await new_list(api, "carol")
    await api.ok("PUT", f"/v1/users/carol/lists/{theirs}/members/alice")
    await api.ok("PUT", f"/v1/users/carol/lists/{theirs}/members/dave")
    exported = await admin.call("GET", "/v1/admin/users/alice/export")
    records = [line for line in exported.text.splitlines()[1:] if '"record":"list' in line]
    assert sum('"record":"list"' in r for r in records) == 1
    assert sum('"record":"list_member"' in r for r in records) == 2
    await admin.ok("DELETE", "/v1/admin/users/alice")
    assert_problem(await api.call("GET", f"/v1/users/alice/lists/{mine}"), 404, "not_found")
    assert await api.other_ids(f"/v1/users/carol/lists/{theirs}/members") == ["dave"]
    assert (await api.ok("GET", f"/v1/users/carol/lists/{theirs}"))["member_count"] == 1


async def test_list_events_are_like_every_other_event(
    api: Api, admin: Api, store: Store, clock: FakeClock
) -> None:
    """The tenant's history retention expires them, and they name the user token that acted."""
    await admin.ok("PATCH", "/v1/admin/settings", {"history_retention_days": 30})
    minted = await mint(api, "alice")
    alice = Api(api.client, minted["token"])
    list_id = await new_list(alice, "alice")
    await alice.ok("PUT", f"/v1/users/alice/lists/{list_id}/members/bob")
    await alice.ok("PATCH", f"/v1/users/alice/lists/{list_id}", {"name": "Kin"})
    await alice.call("DELETE", f"/v1/users/alice/lists/{list_id}/members/bob")
    await alice.call("DELETE", f"/v1/users/alice/lists/{list_id}")
    events = await store.database["relationship_events"].find({"owner": "alice"}).to_list(None)
    assert sorted(e["action"] for e in events) == [
        "list_changed",
        "list_created",
        "list_deleted",
        "list_member_added",
        "list_member_removed",
    ]
    for event in events:
        assert event["actor_token_id"] == minted["token_id"], event["action"]
        expires = event["expires_at"].replace(tzinfo=clock.moment.tzinfo)
        assert expires - event["at"].replace(tzinfo=clock.moment.tzinfo) == timedelta(days=30)


# What a step adds on a server, by what it serialises on: under transactions a guard write
# per held pair or user, and the commit; with leases, the leases taken and their one release.
STEP_OVERHEAD = {
    GuardMode.NONE: {"none": 0, "step": 0, "holding": 0, "pair": 0, "pair+owner": 0},
    GuardMode.TRANSACTION: {"none": 0, "step": 1, "holding": 2, "pair": 2, "pair+owner": 3},
    GuardMode.LEASE: {"none": 0, "step": 0, "holding": 2, "pair": 2, "pair+owner": 3},
}


async def test_every_list_route_costs_a_fixed_number_of_round_trips(api: Api, store: Store) -> None:
    """The same budget for a list of one member and of forty (the embedded backend's count,
    plus what the step costs on a server)."""
    overhead = STEP_OVERHEAD[store.guard_mode]
    for size in (1, 40):
        owner = f"owner{size}"
        lists = f"/v1/users/{owner}/lists"
        created = await api.call("POST", lists, {"name": "Close friends"})
        list_id = created.json()["list_id"]
        one, members = f"{lists}/{list_id}", f"{lists}/{list_id}/members"
        for i in range(size):
            await api.ok("PUT", f"{members}/m{i}")
        # (method, path, params, body, round trips on the embedded backend, step kind): the
        # key lookup is one of each.
        budgets: list[tuple[str, str, dict[str, str], object, int, str]] = [
            ("GET", lists, {}, None, 2, "none"),  # a page of lists
            ("GET", lists, {"member": "m0"}, None, 3, "none"),  # the memberships, their lists
            ("GET", one, {}, None, 2, "none"),
            ("PATCH", one, {}, {"name": "Kin"}, 4, "step"),  # list, change, event
            ("PUT", f"{members}/new", {}, None, 7, "pair+owner"),  # list, membership, the
            # pair (a block?), insert, member count, event
            ("PUT", f"{members}/new", {}, None, 3, "pair+owner"),  # list, member: already on
            ("GET", members, {}, None, 3, "none"),  # the list, a page of members
            ("DELETE", f"{members}/new", {}, None, 5, "pair"),  # list, removal, member count, event
            ("DELETE", f"{members}/new", {}, None, 3, "pair"),  # list, removal of nothing
            ("DELETE", f"/v1/users/{owner}/suggestions/x", {}, None, 2, "none"),  # one upsert
            ("DELETE", one, {}, None, 5, "holding"),  # list, list, its members, event
            ("DELETE", one, {}, None, 2, "holding"),  # no list
        ]
        assert created.headers["x-db-round-trips"] == str(4 + overhead["holding"])
        for method, path, params, body, trips, kind in budgets:
            response = await api.call(method, path, body, **params)
            assert response.status_code < 300, (method, path, response.text)
            spent = response.headers["x-db-round-trips"]
            assert spent == str(trips + overhead[kind]), (size, method, path, params)
