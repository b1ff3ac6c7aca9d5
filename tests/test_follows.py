"""Following, follow requests and approval settings through HTTP."""

from tests.helpers import Api, assert_problem


async def test_follow_is_active_by_default(api: Api) -> None:
    response = await api.follow("alice", "bob")
    assert response.status_code == 201
    assert response.json()["status"] == "active"
    assert response.json()["following"]["notifications_enabled"] is True
    assert await api.other_ids("/v1/users/alice/following") == ["bob"]
    assert await api.other_ids("/v1/users/bob/followers") == ["alice"]
    again = await api.follow("alice", "bob")
    assert again.status_code == 200
    assert again.json() == response.json()
    assert await api.actions("alice") == ["follow"]


async def test_notifications_flag_update(api: Api) -> None:
    await api.follow("alice", "bob")
    response = await api.call(
        "PUT", "/v1/users/alice/following/bob", {"notifications_enabled": False}
    )
    assert response.status_code == 200
    assert response.json()["following"]["notifications_enabled"] is False
    assert (await api.actions("alice"))[0] == "follow_notifications_changed"


async def test_settings_default_and_update(api: Api) -> None:
    default = await api.ok("GET", "/v1/users/bob/settings")
    assert default == {"user_id": "bob", "follow_requires_approval": False}
    updated = await api.ok("PUT", "/v1/users/bob/settings", {"follow_requires_approval": True})
    assert updated["follow_requires_approval"] is True
    assert (await api.ok("GET", "/v1/users/bob/settings"))["follow_requires_approval"] is True
    bad = await api.call("PUT", "/v1/users/bob/settings", {"follow_requires_approval": "maybe"})
    assert_problem(bad, 422, "validation_error")


async def test_approval_flow(api: Api) -> None:
    await api.ok("PUT", "/v1/users/bob/settings", {"follow_requires_approval": True})
    pending = await api.follow("alice", "bob")
    assert pending.status_code == 201
    assert pending.json()["status"] == "pending"
    assert await api.other_ids("/v1/users/bob/followers") == []
    assert await api.other_ids("/v1/users/bob/follow-requests") == ["alice"]

    approved = await api.call("POST", "/v1/users/bob/follow-requests/alice/approve")
    assert approved.status_code == 200
    assert approved.json()["status"] == "active"
    assert approved.json()["following"]["approved_at"] is not None
    assert await api.other_ids("/v1/users/bob/followers") == ["alice"]
    assert await api.other_ids("/v1/users/bob/follow-requests") == []
    again = await api.call("POST", "/v1/users/bob/follow-requests/alice/approve")
    assert again.status_code == 200
    assert await api.actions("bob") == ["follow_approved", "follow_requested"]


async def test_reject_follow_request_then_follow_again(api: Api) -> None:
    await api.ok("PUT", "/v1/users/bob/settings", {"follow_requires_approval": True})
    await api.follow("alice", "bob")
    rejected = await api.call("POST", "/v1/users/bob/follow-requests/alice/reject")
    assert rejected.status_code == 200
    assert rejected.json()["status"] == "rejected"
    assert (await api.call("POST", "/v1/users/bob/follow-requests/alice/reject")).status_code == 200
    assert await api.other_ids("/v1/users/bob/follow-requests") == []
    assert_problem(
        await api.call("POST", "/v1/users/bob/follow-requests/alice/approve"), 404, "not_found"
    )
    renewed = await api.follow("alice", "bob")
    assert renewed.status_code == 201
    assert renewed.json()["status"] == "pending"


async def test_approve_unknown_request_is_404(api: Api) -> None:
    assert_problem(
        await api.call("POST", "/v1/users/bob/follow-requests/alice/approve"), 404, "not_found"
    )
    await api.follow("alice", "bob")  # active, not a request
    assert_problem(
        await api.call("POST", "/v1/users/bob/follow-requests/alice/reject"), 404, "not_found"
    )


async def test_unfollow_and_withdraw(api: Api) -> None:
    await api.follow("alice", "bob")
    assert (await api.call("DELETE", "/v1/users/alice/following/bob")).status_code == 204
    assert await api.other_ids("/v1/users/bob/followers") == []
    assert (await api.call("DELETE", "/v1/users/alice/following/bob")).status_code == 204
    assert await api.actions("alice") == ["unfollow", "follow"]

    await api.ok("PUT", "/v1/users/carol/settings", {"follow_requires_approval": True})
    await api.follow("alice", "carol")
    assert (await api.call("DELETE", "/v1/users/alice/following/carol")).status_code == 204
    assert await api.other_ids("/v1/users/carol/follow-requests") == []


async def test_remove_follower(api: Api) -> None:
    await api.follow("alice", "bob")
    assert (await api.call("DELETE", "/v1/users/bob/followers/alice")).status_code == 204
    assert await api.other_ids("/v1/users/bob/followers") == []
    assert await api.other_ids("/v1/users/alice/following") == []
    assert (await api.actions("alice"))[0] == "follower_removed"
    # Removing is not blocking: alice may follow again.
    assert (await api.follow("alice", "bob")).status_code == 201


async def test_self_follow_is_refused(api: Api) -> None:
    assert_problem(await api.follow("alice", "alice"), 422, "self_relationship")
