"""Mutual friends and followers you know: the intersection of two sets, the smaller one read."""

import pytest

from tests.helpers import Api, assert_problem


async def befriend_all(api: Api, user: str, friends: list[str]) -> None:
    for friend in friends:
        await api.befriend(user, friend)


async def page_through(api: Api, path: str, limit: int) -> tuple[list[str], set[int]]:
    """Every user of every page, and the totals the pages said."""
    found: list[str] = []
    totals: set[int] = set()
    cursor = None
    while True:
        params = {"limit": limit, **({"cursor": cursor} if cursor else {})}
        page = await api.ok("GET", path, **params)
        found += [item["user_id"] for item in page["items"]]
        totals.add(page["total"])
        if not (cursor := page["next_cursor"]):
            return found, totals


@pytest.mark.parametrize("larger", ["a", "b"])
async def test_mutual_friends_whichever_side_is_smaller(api: Api, larger: str) -> None:
    await befriend_all(api, "a", ["f1", "f2", "f3", "f4", "f5"])
    await befriend_all(api, "b", ["f3", "f4", "f5", "f6"])
    await befriend_all(api, larger, [f"extra{i}" for i in range(4)])
    path = "/v1/users/a/mutual-friends/b"
    response = await api.call("GET", path)
    # The key, both users' counts, the smaller friend set, its members on the other side.
    assert response.headers["x-db-round-trips"] == "4"
    assert response.json() == {
        "items": [{"user_id": "f5"}, {"user_id": "f4"}, {"user_id": "f3"}],  # newest first
        "next_cursor": None,
        "total": 3,
    }
    assert await page_through(api, path, limit=2) == (["f5", "f4", "f3"], {3})


async def test_mutual_friends_never_lists_a_block(api: Api) -> None:
    await befriend_all(api, "a", ["f1", "f2", "f3"])
    await befriend_all(api, "b", ["f1", "f2", "f3"])
    await api.block("a", "f1")
    await api.block("f2", "a")
    assert await api.other_ids("/v1/users/a/mutual-friends/b") == ["f3"]
    assert await api.other_ids("/v1/users/b/mutual-friends/a") == ["f3"]


async def test_mutual_friends_need_accepted_friendships(api: Api) -> None:
    await api.befriend("a", "f1")
    await api.request_friend("b", "f1")  # pending
    await api.follow("b", "f1")
    assert (await api.ok("GET", "/v1/users/a/mutual-friends/b"))["total"] == 0
    response = await api.call("GET", "/v1/users/a/mutual-friends/a")
    assert_problem(response, 422, "self_relationship")


@pytest.mark.parametrize("celebrity", [True, False])
async def test_known_followers(api: Api, celebrity: bool) -> None:
    for followed in ("k1", "k2", "k3", "k4"):
        assert (await api.follow("a", followed)).status_code == 201
    for follower in ("k2", "k3", "k5"):
        await api.follow(follower, "b")
    await api.ok("PUT", "/v1/users/k4/settings", {"follow_requires_approval": False})
    await api.ok("PUT", "/v1/users/b/settings", {"follow_requires_approval": True})
    await api.follow("k4", "b")  # pending: not a follower yet
    if celebrity:  # b's followers outnumber a's follows: a's side is read
        for i in range(6):
            await api.ok("PUT", "/v1/users/b/settings", {"follow_requires_approval": False})
            await api.follow(f"fan{i}", "b")
    else:  # a follows more than b has followers: b's followers are read
        for i in range(6):
            await api.follow("a", f"idol{i}")
    path = "/v1/users/a/known-followers/b"
    response = await api.call("GET", path)
    assert response.headers["x-db-round-trips"] == "4"
    assert response.json()["items"] == [{"user_id": "k3"}, {"user_id": "k2"}]
    assert response.json()["total"] == 2
    assert await page_through(api, path, limit=1) == (["k3", "k2"], {2})
    await api.block("k3", "a")
    assert await api.other_ids(path) == ["k2"]


async def test_summary_counts_mutual_friends_for_two_more_round_trips(api: Api) -> None:
    await befriend_all(api, "a", ["f1", "f2", "f3"])
    await befriend_all(api, "b", ["f1", "f2"])
    await befriend_all(api, "c", ["f3"])
    ids = "b,c,d,f1"
    plain = await api.call("GET", "/v1/users/a/relationships", ids=ids)
    assert [item["mutual_friends"] for item in plain.json()["items"]] == [None] * 4
    counted = await api.call("GET", "/v1/users/a/relationships", ids=ids, include="mutual_friends")
    assert [item["mutual_friends"] for item in counted.json()["items"]] == [2, 1, 0, 0]
    extra = int(counted.headers["x-db-round-trips"]) - int(plain.headers["x-db-round-trips"])
    assert extra == 2
    wrong = await api.call("GET", "/v1/users/a/relationships", ids=ids, include="everything")
    assert_problem(wrong, 422, "validation_error")


async def test_switches(api: Api, admin: Api) -> None:
    await admin.ok("PATCH", "/v1/admin/settings", {"enabled_types": {"friend": False}})
    response = await api.call("GET", "/v1/users/a/mutual-friends/b")
    assert_problem(response, 403, "feature_disabled")
    assert (await api.ok("GET", "/v1/users/a/known-followers/b"))["total"] == 0
    await admin.ok("PATCH", "/v1/admin/settings", {"enabled_types": {"following": False}})
    response = await api.call("GET", "/v1/users/a/known-followers/b")
    assert_problem(response, 403, "feature_disabled")
