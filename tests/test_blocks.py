"""Blocking: what it ends, what it forbids, and that unblocking restores nothing."""

import pytest

from tests.helpers import Api, assert_problem


async def test_block_ends_everything_in_both_directions(api: Api) -> None:
    await api.befriend("alice", "bob")
    await api.follow("alice", "bob")
    await api.follow("bob", "alice")
    await api.ok("PUT", "/v1/users/alice/contacts/bob", {"nickname": "B"})

    response = await api.block("alice", "bob", reason="spam", report_id="report-1")
    assert response.status_code == 201
    assert response.json()["blocking"]["reason"] == "spam"
    assert response.json()["blocking"]["report_id"] == "report-1"

    for user in ("alice", "bob"):
        assert await api.other_ids(f"/v1/users/{user}/friends") == []
        assert await api.other_ids(f"/v1/users/{user}/following") == []
        assert await api.other_ids(f"/v1/users/{user}/followers") == []
    # Contacts are the user's own address book: a block does not erase them.
    assert await api.other_ids("/v1/users/alice/contacts") == ["bob"]
    assert await api.other_ids("/v1/users/alice/blocks") == ["bob"]

    history = await api.history("alice")
    assert history[0]["action"] == "block"
    assert sorted(history[0]["details"]["ended"]) == [
        "following:alice->bob:active",
        "following:bob->alice:active",
        "friend:alice->bob:accepted",
        "friend:bob->alice:accepted",
    ]


async def test_block_removes_pending_requests(api: Api) -> None:
    await api.request_friend("bob", "alice")
    await api.ok("PUT", "/v1/users/alice/settings", {"follow_requires_approval": True})
    await api.follow("bob", "alice")
    await api.block("alice", "bob")
    assert await api.other_ids("/v1/users/alice/friend-requests") == []
    assert await api.other_ids("/v1/users/alice/follow-requests") == []


@pytest.mark.parametrize(("blocker", "blocked"), [("alice", "bob"), ("bob", "alice")])
async def test_block_in_either_direction_forbids_new_ties(
    api: Api, blocker: str, blocked: str
) -> None:
    await api.block(blocker, blocked)
    assert_problem(await api.request_friend("alice", "bob"), 403, "blocked")
    assert_problem(await api.request_friend("bob", "alice"), 403, "blocked")
    assert_problem(await api.follow("alice", "bob"), 403, "blocked")
    assert_problem(await api.follow("bob", "alice"), 403, "blocked")


async def test_block_forbids_accepting_and_approving(api: Api, store: object) -> None:
    # A request made before the block cannot survive it; a block by the other user is enough.
    await api.request_friend("alice", "bob")
    await api.block("alice", "bob")
    assert_problem(
        await api.call("POST", "/v1/users/bob/friend-requests/alice/accept"), 403, "blocked"
    )
    assert_problem(
        await api.call("POST", "/v1/users/bob/follow-requests/alice/approve"), 403, "blocked"
    )


async def test_repeat_block_is_idempotent(api: Api) -> None:
    first = await api.block("alice", "bob", reason="spam")
    second = await api.block("alice", "bob", reason="other")
    assert second.status_code == 200
    assert second.json() == first.json()
    assert await api.actions("alice") == ["block"]


async def test_unblock_restores_nothing(api: Api) -> None:
    await api.befriend("alice", "bob")
    await api.block("alice", "bob")
    assert (await api.call("DELETE", "/v1/users/alice/blocks/bob")).status_code == 204
    assert (await api.call("DELETE", "/v1/users/alice/blocks/bob")).status_code == 204
    assert await api.other_ids("/v1/users/alice/blocks") == []
    assert await api.other_ids("/v1/users/alice/friends") == []
    assert (await api.request_friend("alice", "bob")).status_code == 201
    assert (await api.actions("alice"))[1:3] == ["unblock", "block"]


async def test_mutual_blocks_each_need_lifting(api: Api) -> None:
    await api.block("alice", "bob")
    await api.block("bob", "alice")
    await api.call("DELETE", "/v1/users/alice/blocks/bob")
    assert_problem(await api.follow("alice", "bob"), 403, "blocked")


async def test_block_history_is_private_to_the_blocker(api: Api) -> None:
    await api.block("alice", "bob")
    assert await api.actions("bob") == []


async def test_self_block_is_refused(api: Api) -> None:
    assert_problem(await api.block("alice", "alice"), 422, "self_relationship")


async def test_block_body_validation(api: Api) -> None:
    response = await api.block("alice", "bob", reason="x" * 201)
    assert_problem(response, 422, "validation_error")
    assert await api.other_ids("/v1/users/alice/blocks") == []
