"""Friend requests and friendships through HTTP."""

from tests.helpers import Api, assert_problem


async def test_request_accept_makes_mutual_friends(api: Api) -> None:
    response = await api.request_friend("alice", "bob")
    assert response.status_code == 201
    assert response.json()["status"] == "pending"
    assert response.json()["user_id"] == "bob"

    assert await api.other_ids("/v1/users/bob/friend-requests", direction="incoming") == ["alice"]
    assert await api.other_ids("/v1/users/alice/friend-requests", direction="outgoing") == ["bob"]
    assert await api.other_ids("/v1/users/alice/friend-requests", direction="incoming") == []

    accepted = await api.call("POST", "/v1/users/bob/friend-requests/alice/accept")
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    assert accepted.json()["is_mutual"] is True
    assert accepted.json()["friendship"]["accepted_at"] is not None

    assert await api.other_ids("/v1/users/alice/friends") == ["bob"]
    assert await api.other_ids("/v1/users/bob/friends") == ["alice"]
    assert await api.other_ids("/v1/users/bob/friend-requests") == []


async def test_repeated_request_is_idempotent(api: Api) -> None:
    first = await api.request_friend("alice", "bob")
    second = await api.request_friend("alice", "bob")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json() == second.json()
    assert await api.actions("alice") == ["friend_requested"]


async def test_repeated_accept_is_idempotent(api: Api) -> None:
    await api.befriend("alice", "bob")
    again = await api.call("POST", "/v1/users/bob/friend-requests/alice/accept")
    assert again.status_code == 200
    assert again.json()["status"] == "accepted"
    assert await api.actions("bob") == ["friend_accepted", "friend_requested"]


async def test_requesting_an_existing_friend_answers_accepted(api: Api) -> None:
    await api.befriend("alice", "bob")
    for a, b in (("alice", "bob"), ("bob", "alice")):
        response = await api.request_friend(a, b)
        assert response.status_code == 200
        assert response.json()["status"] == "accepted"


async def test_crossing_requests_become_friendship(api: Api) -> None:
    await api.request_friend("alice", "bob")
    response = await api.request_friend("bob", "alice")
    assert response.status_code == 200
    assert response.json()["status"] == "accepted"
    assert await api.other_ids("/v1/users/alice/friends") == ["bob"]
    assert await api.other_ids("/v1/users/bob/friends") == ["alice"]
    assert await api.actions("alice") == ["friend_accepted", "friend_requested"]


async def test_reject_records_reason_and_allows_asking_again(api: Api) -> None:
    await api.request_friend("alice", "bob")
    rejected = await api.call(
        "POST", "/v1/users/bob/friend-requests/alice/reject", {"reason": "do not know you"}
    )
    assert rejected.status_code == 200
    friendship = rejected.json()["friendship"]
    assert rejected.json()["status"] == "rejected"
    assert friendship["rejection_reason"] == "do not know you"
    assert friendship["rejected_at"] is not None

    again = await api.call("POST", "/v1/users/bob/friend-requests/alice/reject")
    assert again.status_code == 200
    assert again.json()["friendship"]["rejection_reason"] == "do not know you"
    assert await api.other_ids("/v1/users/bob/friend-requests") == []

    renewed = await api.request_friend("alice", "bob")
    assert renewed.status_code == 201
    assert renewed.json()["status"] == "pending"
    assert renewed.json()["friendship"]["rejected_at"] is None
    assert await api.other_ids("/v1/users/bob/friend-requests") == ["alice"]


async def test_rejecting_without_body(api: Api) -> None:
    await api.request_friend("alice", "bob")
    response = await api.call("POST", "/v1/users/bob/friend-requests/alice/reject")
    assert response.status_code == 200
    assert response.json()["friendship"]["rejection_reason"] is None


async def test_only_the_receiver_accepts_or_rejects(api: Api) -> None:
    await api.request_friend("alice", "bob")
    assert_problem(
        await api.call("POST", "/v1/users/alice/friend-requests/bob/accept"), 404, "not_found"
    )
    assert_problem(
        await api.call("POST", "/v1/users/alice/friend-requests/bob/reject"), 404, "not_found"
    )
    assert_problem(
        await api.call("POST", "/v1/users/carol/friend-requests/alice/accept"), 404, "not_found"
    )


async def test_cancel_by_requester(api: Api) -> None:
    await api.request_friend("alice", "bob")
    response = await api.call("DELETE", "/v1/users/alice/friend-requests/bob")
    assert response.status_code == 204
    assert await api.other_ids("/v1/users/bob/friend-requests") == []
    assert_problem(
        await api.call("POST", "/v1/users/bob/friend-requests/alice/accept"), 404, "not_found"
    )
    again = await api.call("DELETE", "/v1/users/alice/friend-requests/bob")
    assert again.status_code == 204
    assert await api.actions("alice") == ["friend_cancelled", "friend_requested"]


async def test_receiver_cannot_cancel_someone_elses_request(api: Api) -> None:
    await api.request_friend("alice", "bob")
    assert (await api.call("DELETE", "/v1/users/bob/friend-requests/alice")).status_code == 204
    assert await api.other_ids("/v1/users/bob/friend-requests") == ["alice"]


async def test_either_side_unfriends_both_edges(api: Api) -> None:
    await api.befriend("alice", "bob")
    assert (await api.call("DELETE", "/v1/users/bob/friends/alice")).status_code == 204
    assert await api.other_ids("/v1/users/alice/friends") == []
    assert await api.other_ids("/v1/users/bob/friends") == []
    assert (await api.call("DELETE", "/v1/users/bob/friends/alice")).status_code == 204
    assert (await api.actions("alice")).count("friend_removed") == 1
    # After unfriending, a new request starts from scratch.
    assert (await api.request_friend("alice", "bob")).json()["status"] == "pending"


async def test_nickname_and_favourite_are_per_side(api: Api) -> None:
    await api.befriend("alice", "bob")
    patched = await api.call(
        "PATCH", "/v1/users/alice/friends/bob", {"nickname": "Bobby", "is_favorite": True}
    )
    assert patched.status_code == 200
    friendship = patched.json()["friendship"]
    assert friendship["nickname"] == "Bobby"
    assert friendship["is_favorite"] is True
    assert friendship["favorited_at"] is not None

    bob_side = await api.items("/v1/users/bob/friends")
    assert bob_side[0]["friendship"]["nickname"] is None
    assert await api.other_ids("/v1/users/alice/friends", favorites_only="true") == ["bob"]
    assert await api.other_ids("/v1/users/bob/friends", favorites_only="true") == []
    assert (await api.actions("alice"))[:2] == ["favorite_changed", "nickname_changed"]


async def test_patch_that_changes_nothing_writes_no_event(api: Api) -> None:
    await api.befriend("alice", "bob")
    await api.ok("PATCH", "/v1/users/alice/friends/bob", {"nickname": "B"})
    before = await api.actions("alice")
    await api.ok("PATCH", "/v1/users/alice/friends/bob", {"nickname": "B", "is_favorite": False})
    await api.ok("PATCH", "/v1/users/alice/friends/bob", {})
    assert await api.actions("alice") == before


async def test_patch_clears_nickname_with_null(api: Api) -> None:
    await api.befriend("alice", "bob")
    await api.ok("PATCH", "/v1/users/alice/friends/bob", {"nickname": "B"})
    cleared = await api.ok("PATCH", "/v1/users/alice/friends/bob", {"nickname": None})
    assert cleared["friendship"]["nickname"] is None
    unfavourited = await api.ok("PATCH", "/v1/users/alice/friends/bob", {"is_favorite": True})
    assert unfavourited["friendship"]["nickname"] is None


async def test_patch_requires_friendship(api: Api) -> None:
    await api.request_friend("alice", "bob")
    response = await api.call("PATCH", "/v1/users/alice/friends/bob", {"nickname": "x"})
    assert_problem(response, 404, "not_found")


async def test_self_friendship_is_refused(api: Api) -> None:
    assert_problem(await api.request_friend("alice", "alice"), 422, "self_relationship")
    response = await api.call("POST", "/v1/users/alice/friend-requests/alice/accept")
    assert_problem(response, 422, "self_relationship")


async def test_invalid_direction_is_422(api: Api) -> None:
    response = await api.call("GET", "/v1/users/alice/friend-requests", direction="sideways")
    assert_problem(response, 422, "validation_error")


async def test_one_call_acts_at_one_moment(api: Api) -> None:
    await api.request_friend("alice", "bob")
    accepted = await api.ok("POST", "/v1/users/bob/friend-requests/alice/accept")
    event = (await api.history("bob"))[0]
    assert event["action"] == "friend_accepted"
    moment = accepted["friendship"]["accepted_at"]
    assert accepted["created_at"] == accepted["updated_at"] == moment
    assert event["at"] == moment
    alice_side = (await api.items("/v1/users/alice/friends"))[0]
    assert alice_side["updated_at"] == alice_side["friendship"]["accepted_at"] == moment
