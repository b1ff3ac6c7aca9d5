"""The relationship summary: every field, in order, in one database query."""

from service.core.http.middleware import ROUND_TRIPS_HEADER
from tests.helpers import Api, assert_problem

AUTH_ROUND_TRIPS = 1  # the key lookup every authenticated request makes


async def test_summary_fields(api: Api) -> None:
    await api.befriend("viewer", "friend")
    await api.ok("PATCH", "/v1/users/viewer/friends/friend", {"nickname": "F", "is_favorite": True})
    await api.request_friend("viewer", "asked")
    await api.request_friend("asker", "viewer")
    await api.follow("viewer", "followed")
    await api.follow("followed", "viewer")
    await api.ok("PUT", "/v1/users/private/settings", {"follow_requires_approval": True})
    await api.follow("viewer", "private")
    await api.ok("PUT", "/v1/users/viewer/settings", {"follow_requires_approval": True})
    await api.follow("fan", "viewer")
    await api.ok("PUT", "/v1/users/viewer/contacts/contact", {"nickname": "C"})
    await api.block("viewer", "blocked")
    await api.block("blocker", "viewer")
    await api.mute("viewer", "muted", mute_calls=False)
    await api.mute("muter", "viewer")

    ids = [
        "friend",
        "asked",
        "asker",
        "followed",
        "private",
        "fan",
        "contact",
        "blocked",
        "blocker",
        "muted",
        "muter",
        "stranger",
    ]
    summary = {entry["user_id"]: entry for entry in await api.summary("viewer", *ids)}
    assert list(summary) == ids

    assert summary["friend"]["friend"] == "accepted"
    assert summary["friend"]["nickname"] == "F"
    assert summary["friend"]["is_favorite"] is True
    assert summary["asked"]["friend"] == "pending_outgoing"
    assert summary["asker"]["friend"] == "pending_incoming"
    assert summary["followed"]["following"] is True
    assert summary["followed"]["followed_by"] is True
    assert summary["followed"]["is_mutual_follow"] is True
    assert summary["private"]["follow_requested"] is True
    assert summary["private"]["following"] is False
    assert summary["fan"]["follow_requested_by"] is True
    assert summary["fan"]["followed_by"] is False
    assert summary["contact"]["contact"] is True
    assert summary["contact"]["nickname"] == "C"
    assert summary["blocked"]["blocking"] is True
    assert summary["blocker"]["blocked_by"] is True
    assert summary["muted"]["muting"] is True
    assert summary["muted"]["mute"]["mute_calls"] is False
    assert summary["muter"]["muting"] is False  # the muted side never learns
    stranger = summary["stranger"]
    assert stranger == {
        "user_id": "stranger",
        "following": False,
        "follow_requested": False,
        "followed_by": False,
        "follow_requested_by": False,
        "friend": "none",
        "contact": False,
        "blocking": False,
        "blocked_by": False,
        "muting": False,
        "mute": None,
        "nickname": None,
        "is_favorite": False,
        "is_mutual_follow": False,
        "mutual_friends": None,  # only with ?include=mutual_friends
    }


async def test_friend_nickname_wins_over_contact_nickname(api: Api) -> None:
    await api.ok("PUT", "/v1/users/viewer/contacts/bob", {"nickname": "Contact Bob"})
    assert (await api.summary("viewer", "bob"))[0]["nickname"] == "Contact Bob"
    await api.befriend("viewer", "bob")
    await api.ok("PATCH", "/v1/users/viewer/friends/bob", {"nickname": "Friend Bob"})
    assert (await api.summary("viewer", "bob"))[0]["nickname"] == "Friend Bob"


async def test_summary_costs_one_query(api: Api) -> None:
    await api.befriend("viewer", "a")
    await api.follow("b", "viewer")
    ids = ",".join(["a", "b", *[f"user{i}" for i in range(98)]])
    response = await api.call("GET", "/v1/users/viewer/relationships", ids=ids)
    assert response.status_code == 200
    assert len(response.json()["items"]) == 100
    assert int(response.headers[ROUND_TRIPS_HEADER]) == AUTH_ROUND_TRIPS + 1


async def test_summary_keeps_order_duplicates_and_self(api: Api) -> None:
    await api.follow("viewer", "b")
    entries = await api.summary("viewer", "b", "viewer", "b")
    assert [e["user_id"] for e in entries] == ["b", "viewer", "b"]
    assert [e["following"] for e in entries] == [True, False, True]


async def test_summary_id_validation(api: Api) -> None:
    path = "/v1/users/viewer/relationships"
    too_many = ",".join(f"u{i}" for i in range(101))
    for ids in (too_many, "", "a,,b", "a,b c", "x" * 129):
        assert_problem(await api.call("GET", path, ids=ids), 422, "validation_error")
    assert_problem(await api.call("GET", path), 422, "validation_error")


async def test_list_page_costs_one_query(api: Api) -> None:
    for i in range(5):
        await api.follow(f"fan{i}", "star")
    response = await api.call("GET", "/v1/users/star/followers", limit=2)
    assert len(response.json()["items"]) == 2
    assert int(response.headers[ROUND_TRIPS_HEADER]) == AUTH_ROUND_TRIPS + 1
