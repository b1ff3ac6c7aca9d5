"""Resource grants: who may get them, one writer per resource, and revocation."""

import pytest

from tests.helpers import Api, assert_problem


def grant_path(owner: str, resource: str, grantee: str) -> str:
    return f"/v1/users/{owner}/resources/{resource}/grants/{grantee}"


async def grant(api: Api, owner: str, resource: str, grantee: str, permission: str) -> int:
    response = await api.call(
        "PUT", grant_path(owner, resource, grantee), {"permission": permission}
    )
    return response.status_code


async def grantees(api: Api, owner: str, resource: str) -> dict[str, str]:
    items = await api.items(f"/v1/users/{owner}/resources/{resource}/grants")
    return {item["user_id"]: item["permission"] for item in items}


async def test_friends_and_followers_get_read_many_write_one(api: Api) -> None:
    await api.befriend("owner", "friend")
    await api.follow("fan", "owner")
    await api.befriend("owner", "other")
    assert await grant(api, "owner", "doc", "friend", "read") == 201
    assert await grant(api, "owner", "doc", "fan", "read") == 201
    assert await grant(api, "owner", "doc", "friend", "read") == 200  # repeat: nothing new
    assert await grant(api, "owner", "doc", "friend", "write") == 200  # upgraded
    response = await api.call("PUT", grant_path("owner", "doc", "other"), {"permission": "write"})
    assert_problem(response, 409, "write_taken")
    assert await grant(api, "owner", "other-doc", "other", "write") == 201  # per resource
    assert await grantees(api, "owner", "doc") == {"friend": "write", "fan": "read"}

    assert await grant(api, "owner", "doc", "friend", "read") == 200  # downgrade frees write
    assert await grant(api, "owner", "doc", "other", "write") == 201  # a new grantee
    single = await api.ok("GET", grant_path("owner", "doc", "other"))
    assert (single["user_id"], single["permission"]) == ("other", "write")
    actions = await api.actions("friend")
    assert actions[:3] == ["grant", "grant", "grant"]


async def test_only_connected_users_may_be_granted(api: Api) -> None:
    await api.follow("owner", "star")  # owner follows star: star is not owner's follower
    for grantee in ("stranger", "star"):
        response = await api.call(
            "PUT", grant_path("owner", "doc", grantee), {"permission": "read"}
        )
        assert_problem(response, 403, "not_connected")
    await api.request_friend("owner", "pending")
    response = await api.call("PUT", grant_path("owner", "doc", "pending"), {"permission": "read"})
    assert_problem(response, 403, "not_connected")
    assert await grantees(api, "owner", "doc") == {}


async def test_revoke_and_lookup(api: Api) -> None:
    await api.befriend("owner", "friend")
    await grant(api, "owner", "doc", "friend", "read")
    assert (await api.call("DELETE", grant_path("owner", "doc", "friend"))).status_code == 204
    assert (await api.call("DELETE", grant_path("owner", "doc", "friend"))).status_code == 204
    assert_problem(await api.call("GET", grant_path("owner", "doc", "friend")), 404, "not_found")
    assert (await api.actions("owner"))[:2] == ["grant_revoked", "grant"]


async def test_block_revokes_grants_both_ways_and_forbids_new_ones(api: Api) -> None:
    await api.befriend("a", "b")
    await grant(api, "a", "doc", "b", "write")
    await grant(api, "b", "doc", "a", "read")
    await api.block("b", "a")
    assert await grantees(api, "a", "doc") == {}
    assert await grantees(api, "b", "doc") == {}
    assert (await api.history("b"))[0]["details"]["grants_revoked"] == 2
    await api.call("DELETE", "/v1/users/b/blocks/a")
    response = await api.call("PUT", grant_path("a", "doc", "b"), {"permission": "read"})
    assert_problem(response, 403, "not_connected")  # unblocking restores nothing


async def test_blocked_pair_cannot_be_granted(api: Api) -> None:
    await api.follow("fan", "owner")
    await api.block("fan", "owner")
    response = await api.call("PUT", grant_path("owner", "doc", "fan"), {"permission": "read"})
    assert_problem(response, 403, "blocked")


async def test_unfriending_revokes_only_unjustified_grants(api: Api) -> None:
    await api.befriend("a", "b")
    await api.follow("b", "a")  # b also follows a: a's grants to b stay justified
    await grant(api, "a", "doc", "b", "read")
    await grant(api, "b", "doc", "a", "read")
    await api.call("DELETE", "/v1/users/a/friends/b")
    assert await grantees(api, "a", "doc") == {"b": "read"}
    assert await grantees(api, "b", "doc") == {}
    assert (await api.history("a"))[0]["details"] == {"grants_revoked": 1}


@pytest.mark.parametrize(
    ("method", "path"),
    [("DELETE", "/v1/users/fan/following/owner"), ("DELETE", "/v1/users/owner/followers/fan")],
)
async def test_losing_a_follower_revokes_their_grants(api: Api, method: str, path: str) -> None:
    await api.follow("fan", "owner")
    await grant(api, "owner", "doc", "fan", "read")
    await api.call(method, path)
    assert await grantees(api, "owner", "doc") == {}


async def test_grant_validation(api: Api) -> None:
    await api.befriend("owner", "friend")
    for body in ({}, {"permission": "admin"}, {"permission": None}, ["read"]):
        response = await api.call("PUT", grant_path("owner", "doc", "friend"), body)
        assert_problem(response, 422, "validation_error")
    response = await api.call("PUT", grant_path("owner", "a b", "friend"), {"permission": "read"})
    assert_problem(response, 422, "validation_error")
    self_grant = await api.call("PUT", grant_path("owner", "doc", "owner"), {"permission": "read"})
    assert_problem(self_grant, 422, "self_relationship")
    assert await grantees(api, "owner", "doc") == {}


async def test_grants_pages(api: Api) -> None:
    for i in range(5):
        await api.follow(f"fan{i}", "owner")
        await grant(api, "owner", "doc", f"fan{i}", "read")
    first = await api.ok("GET", "/v1/users/owner/resources/doc/grants", limit=3)
    second = await api.ok(
        "GET", "/v1/users/owner/resources/doc/grants", limit=3, cursor=first["next_cursor"]
    )
    names = [g["user_id"] for g in first["items"] + second["items"]]
    assert names == [f"fan{i}" for i in reversed(range(5))]
    assert second["next_cursor"] is None


async def access(api: Api, grantee: str, owner: str, resource: str) -> tuple[bool, bool]:
    answer = await api.ok("GET", f"/v1/users/{grantee}/access", owner=owner, resource_id=resource)
    return answer["read"], answer["write"]


NONE = (False, False)


async def test_access_check_follows_every_revocation(api: Api, admin: Api) -> None:
    await api.befriend("owner", "friend")
    await api.follow("fan", "owner")
    await api.befriend("owner", "blocked")
    await api.befriend("owner", "erased")
    assert await grant(api, "owner", "doc", "friend", "write") == 201
    assert await grant(api, "owner", "doc", "fan", "read") == 201
    assert await grant(api, "owner", "doc", "blocked", "read") == 201
    assert await grant(api, "owner", "doc", "erased", "read") == 201
    assert await access(api, "friend", "owner", "doc") == (True, True)
    assert await access(api, "fan", "owner", "doc") == (True, False)
    assert await access(api, "friend", "owner", "other-doc") == NONE  # never granted
    assert await access(api, "stranger", "owner", "doc") == NONE
    assert await access(api, "owner", "owner", "doc") == (True, True)  # their own

    await api.ok("DELETE", "/v1/users/friend/friends/owner")  # unfriend
    assert await access(api, "friend", "owner", "doc") == NONE
    await api.ok("DELETE", "/v1/users/fan/following/owner")  # unfollow
    assert await access(api, "fan", "owner", "doc") == NONE
    await api.block("blocked", "owner")
    assert await access(api, "blocked", "owner", "doc") == NONE
    await admin.ok("DELETE", "/v1/admin/users/erased")
    assert await access(api, "erased", "owner", "doc") == NONE
    await admin.ok("DELETE", "/v1/admin/users/owner")
    await api.befriend("owner", "friend")
    assert await access(api, "friend", "owner", "doc") == NONE  # erase took the grant too


async def test_access_check_costs_one_query(api: Api) -> None:
    await api.befriend("owner", "friend")
    await grant(api, "owner", "doc", "friend", "read")
    response = await api.call("GET", "/v1/users/friend/access", owner="owner", resource_id="doc")
    assert response.headers["x-db-round-trips"] == "2"  # the key lookup, then one query
    for bad in ({"owner": "a b", "resource_id": "doc"}, {"resource_id": "doc"}, {"owner": "o"}):
        assert_problem(
            await api.call("GET", "/v1/users/friend/access", **bad), 422, "validation_error"
        )
