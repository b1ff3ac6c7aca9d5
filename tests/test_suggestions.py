"""Suggestions: friends of friends first, then who your followees follow; never anyone the user
already relates to or dismissed; a fixed number of queries."""

import pytest

from service.suggestions import rules
from tests.helpers import Api, FakeClock, assert_problem


async def suggested(api: Api, user: str, **params: object) -> list[dict[str, object]]:
    return await api.items(f"/v1/users/{user}/suggestions", **params)


async def test_ranked_by_mutual_friends_then_followees(api: Api) -> None:
    for friend in ("f1", "f2", "f3"):
        await api.befriend("me", friend)
    for friend in ("f1", "f2", "f3"):
        await api.befriend(friend, "top")  # three mutual friends
    await api.befriend("f1", "second")
    await api.follow("me", "idol")
    await api.follow("idol", "followed")
    await api.follow("idol", "second")  # second's tie-break signal
    response = await api.call("GET", "/v1/users/me/suggestions")
    # The key; friends, their friends; follows, their follows; relations; dismissals.
    assert response.headers["x-db-round-trips"] == "7"
    items = response.json()["items"]
    assert [i["user_id"] for i in items] == ["top", "second", "followed"]
    assert items[0]["mutual_friends"] == 3
    assert sorted(items[0]["sample"]) == ["f1", "f2", "f3"]
    assert items[0]["reason"] == "friends_of_friends"
    assert (items[2]["mutual_friends"], items[2]["sample"], items[2]["reason"]) == (
        0,
        [],
        "followed_by_people_you_follow",
    )
    assert [i["user_id"] for i in await suggested(api, "me", limit=1)] == ["top"]


async def test_never_suggests_whom_the_user_relates_to(api: Api, clock: FakeClock) -> None:
    await api.befriend("me", "f")
    others = ["friend", "asked", "asking", "followed", "blocked", "blocker", "muted", "free"]
    for other in others:
        await api.befriend("f", other)
    await api.befriend("me", "friend")
    await api.request_friend("me", "asked")
    await api.request_friend("asking", "me")
    await api.follow("me", "followed")
    await api.block("me", "blocked")
    await api.block("blocker", "me")
    await api.mute("me", "muted", duration_seconds=60)
    assert [i["user_id"] for i in await suggested(api, "me")] == ["free"]
    clock.advance(seconds=61)  # the mute ended: muted may be suggested again
    assert [i["user_id"] for i in await suggested(api, "me")] == ["free", "muted"]


async def test_dismissed_for_the_tenants_period(api: Api, admin: Api, clock: FakeClock) -> None:
    await api.befriend("me", "f")
    await api.befriend("f", "x")
    assert (await api.call("DELETE", "/v1/users/me/suggestions/x")).status_code == 204
    assert await suggested(api, "me") == []
    clock.advance(days=89)
    assert await suggested(api, "me") == []
    clock.advance(days=2)
    assert [i["user_id"] for i in await suggested(api, "me")] == ["x"]
    await admin.ok("PATCH", "/v1/admin/settings", {"suggestion_dismiss_days": 1})
    await api.ok("DELETE", "/v1/users/me/suggestions/x")
    clock.advance(days=1, seconds=1)
    assert [i["user_id"] for i in await suggested(api, "me")] == ["x"]
    assert_problem(
        await api.call("DELETE", "/v1/users/me/suggestions/me"), 422, "self_relationship"
    )


async def test_switches_and_limits(api: Api, admin: Api) -> None:
    await api.befriend("me", "f")
    await api.befriend("f", "x")
    await api.follow("me", "idol")
    await api.follow("idol", "y")
    for bad in (0, 51):
        response = await api.call("GET", "/v1/users/me/suggestions", limit=bad)
        assert_problem(response, 422, "validation_error")
    await admin.ok("PATCH", "/v1/admin/settings", {"enabled_types": {"friend": False}})
    assert [i["user_id"] for i in await suggested(api, "me")] == ["y"]
    await admin.ok("PATCH", "/v1/admin/settings", {"enabled_types": {"following": False}})
    response = await api.call("GET", "/v1/users/me/suggestions")
    assert_problem(response, 403, "feature_disabled")


async def test_only_the_newest_friends_and_their_newest_edges_are_read(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bounded work: the newest SAMPLE friends (and follows) of the user, and the newest FANOUT
    edges of those, whatever else there is (here 2 and 2)."""
    monkeypatch.setattr(rules, "SAMPLE", 2)
    monkeypatch.setattr(rules, "FANOUT", 2)
    for friend in ("old", "f1", "f2"):  # f2 is the newest friend, old the oldest
        await api.befriend("me", friend)
    await api.befriend("old", "via_old")  # old is not in the sample
    await api.befriend("f1", "a")  # the third newest edge of the sample: not read
    await api.befriend("f2", "b")
    await api.befriend("f2", "c")
    assert [i["user_id"] for i in await suggested(api, "me")] == ["b", "c"]
