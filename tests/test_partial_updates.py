"""PATCH keeps what it is not told to change: mutes, contacts, friends' notes; one edge by GET;
seed 004's ``source`` and ``is_mutual``; bounded, trimmed free text."""

from datetime import timedelta

import pytest

from tests.helpers import Api, FakeClock, assert_problem

MUTE = "/v1/users/alice/mutes/bob"
CONTACT = "/v1/users/alice/contacts/bob"


async def test_patch_one_flag_keeps_the_end_and_muted_at(api: Api, clock: FakeClock) -> None:
    created = (await api.mute("alice", "bob", duration_seconds=3600)).json()["muting"]
    clock.advance(minutes=5)
    patched = await api.call("PATCH", MUTE, {"mute_stories": False})
    assert patched.status_code == 200
    muting = patched.json()["muting"]
    assert muting == {**created, "mute_stories": False}
    assert (await api.ok("GET", MUTE))["muting"] == muting
    assert await api.actions("alice") == ["mute", "mute"]
    # The same patch again changes nothing and records nothing.
    assert (await api.call("PATCH", MUTE, {"mute_stories": False})).json()["muting"] == muting
    assert await api.actions("alice") == ["mute", "mute"]


async def test_patch_the_end(api: Api, clock: FakeClock) -> None:
    await api.mute("alice", "bob", mute_calls=False)
    timed = (await api.ok("PATCH", MUTE, {"duration_seconds": 60}))["muting"]
    assert timed["mute_until"] is not None
    assert timed["mute_calls"] is False
    permanent = (await api.ok("PATCH", MUTE, {"mute_until": None}))["muting"]
    assert permanent["mute_until"] is None
    until = clock.moment + timedelta(days=1)
    absolute = (await api.ok("PATCH", MUTE, {"mute_until": until.isoformat()}))["muting"]
    assert absolute["mute_until"].startswith(until.strftime("%Y-%m-%dT%H:%M"))
    past = (clock.moment - timedelta(seconds=1)).isoformat()
    assert_problem(await api.call("PATCH", MUTE, {"mute_until": past}), 422, "mute_until_in_past")
    both = {"duration_seconds": 5, "mute_until": until.isoformat()}
    assert_problem(await api.call("PATCH", MUTE, both), 422, "validation_error")
    assert_problem(await api.call("PATCH", MUTE, {"mute_calls": "x"}), 422, "validation_error")


async def test_patch_and_get_need_a_mute_in_force(api: Api, clock: FakeClock) -> None:
    assert_problem(await api.call("PATCH", MUTE, {"mute_calls": False}), 404, "not_found")
    assert_problem(await api.call("GET", MUTE), 404, "not_found")
    await api.mute("alice", "bob", duration_seconds=10)
    assert (await api.ok("GET", MUTE))["user_id"] == "bob"
    clock.advance(seconds=11)
    assert_problem(await api.call("GET", MUTE), 404, "not_found")
    assert_problem(await api.call("PATCH", MUTE, {"mute_calls": False}), 404, "not_found")
    assert_problem(await api.call("GET", "/v1/users/alice/mutes/alice"), 422, "self_relationship")


async def test_put_on_a_mute_in_force_keeps_muted_at(api: Api, clock: FakeClock) -> None:
    first = (await api.mute("alice", "bob")).json()["muting"]
    clock.advance(minutes=1)
    again = (await api.mute("alice", "bob", mute_calls=False)).json()["muting"]
    assert again["muted_at"] == first["muted_at"]


async def test_patch_contact_keeps_the_other_fields(api: Api) -> None:
    body = {"nickname": "Bob", "notes": "met at the park", "source": "qr_code"}
    await api.ok("PUT", CONTACT, {**body, "imported_from": "phone"})
    patched = await api.ok("PATCH", CONTACT, {"nickname": "Robert"})
    assert patched["metadata"] == {**body, "nickname": "Robert", "imported_from": "phone"}
    cleared = await api.ok("PATCH", CONTACT, {"notes": None, "imported_from": None})
    assert cleared["metadata"]["notes"] is None
    assert cleared["metadata"]["imported_from"] is None
    assert cleared["metadata"]["nickname"] == "Robert"
    assert (await api.ok("GET", CONTACT))["metadata"] == cleared["metadata"]
    assert (await api.ok("PATCH", CONTACT, {}))["metadata"] == cleared["metadata"]
    history = await api.history("alice")
    assert [e["action"] for e in history] == ["contact_saved"] * 3
    assert history[0]["details"] == {"changed": ["imported_from", "notes"]}


async def test_patch_and_get_contact_need_a_contact(api: Api) -> None:
    assert_problem(await api.call("PATCH", CONTACT, {"nickname": "B"}), 404, "not_found")
    assert_problem(await api.call("GET", CONTACT), 404, "not_found")
    assert await api.other_ids("/v1/users/alice/contacts") == []


async def test_contacts_stay_private(api: Api) -> None:
    await api.ok("PUT", CONTACT, {"nickname": "Bob"})
    await api.ok("PATCH", CONTACT, {"notes": "n"})
    assert await api.actions("bob") == []
    summary = (await api.summary("bob", "alice"))[0]
    assert not any(v for k, v in summary.items() if k not in {"user_id", "friend"})
    assert_problem(await api.call("GET", "/v1/users/bob/contacts/alice"), 404, "not_found")


async def test_friend_notes_are_private_and_kept_by_other_patches(api: Api) -> None:
    await api.befriend("alice", "bob")
    path = "/v1/users/alice/friends/bob"
    noted = await api.ok("PATCH", path, {"notes": "  likes tea  "})
    assert noted["metadata"]["notes"] == "likes tea"
    renamed = await api.ok("PATCH", path, {"nickname": "Bobby", "is_favorite": True})
    assert renamed["metadata"]["notes"] == "likes tea"
    assert renamed["friendship"]["nickname"] == "Bobby"
    cleared = await api.ok("PATCH", path, {"notes": None, "nickname": None})
    assert cleared["metadata"]["notes"] is None
    assert cleared["friendship"]["nickname"] is None
    assert cleared["friendship"]["is_favorite"] is True
    assert (await api.actions("alice"))[:2] == ["notes_changed", "nickname_changed"]
    assert "notes_changed" not in await api.actions("bob")


async def test_source_on_contacts_requests_and_follows(api: Api) -> None:
    request = {"target_user_id": "bob", "source": "search"}
    sent = await api.ok("POST", "/v1/users/alice/friend-requests", request)
    assert sent["metadata"]["source"] == "search"
    followed = await api.ok("PUT", "/v1/users/alice/following/carol", {"source": "group"})
    assert followed["metadata"]["source"] == "group"
    contact = await api.ok("PUT", CONTACT, {"source": "imported"})
    assert contact["metadata"]["source"] == "imported"
    for method, path, body in (
        ("POST", "/v1/users/alice/friend-requests", {**request, "source": "radio"}),
        ("PUT", "/v1/users/alice/following/dave", {"source": "radio"}),
        ("PUT", CONTACT, {"source": "radio"}),
        ("PATCH", CONTACT, {"source": "radio"}),
    ):
        problem = assert_problem(await api.call(method, path, body), 422, "validation_error")
        assert problem["errors"][0]["loc"] == ["body", "source"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"nickname": ""}, "nickname"),
        ({"nickname": "   "}, "nickname"),
        ({"nickname": "n" * 65}, "nickname"),
        ({"nickname": "a\u0000b"}, "nickname"),
        ({"nickname": "two\nlines"}, "nickname"),
        ({"notes": "x" * 2001}, "notes"),
        ({"notes": "bell\u0007"}, "notes"),
    ],
)
async def test_free_text_bounds(api: Api, body: dict[str, str], field: str) -> None:
    await api.befriend("alice", "bob")
    await api.ok("PUT", CONTACT)
    for method, path in (
        ("PUT", CONTACT),
        ("PATCH", CONTACT),
        ("PATCH", "/v1/users/alice/friends/bob"),
    ):
        problem = assert_problem(await api.call(method, path, body), 422, "validation_error")
        assert problem["errors"][0]["loc"] == ["body", field]
    assert (await api.ok("GET", CONTACT))["metadata"]["nickname"] is None


async def test_free_text_is_trimmed(api: Api) -> None:
    saved = await api.ok("PUT", CONTACT, {"nickname": " Bob ", "notes": " line one\nline two "})
    assert saved["metadata"]["nickname"] == "Bob"
    assert saved["metadata"]["notes"] == "line one\nline two"
    assert (await api.ok("PATCH", CONTACT, {"nickname": "n" * 64}))["metadata"]["nickname"]


async def test_follows_are_mutual_while_each_follows_the_other(api: Api) -> None:
    assert (await api.follow("alice", "bob")).json()["is_mutual"] is False
    back = await api.follow("bob", "alice")
    assert back.json()["is_mutual"] is True
    assert (await api.items("/v1/users/alice/following"))[0]["is_mutual"] is True
    await api.ok("DELETE", "/v1/users/bob/following/alice")
    assert (await api.items("/v1/users/alice/following"))[0]["is_mutual"] is False
    await api.follow("bob", "alice")
    await api.ok("DELETE", "/v1/users/alice/followers/bob")  # alice removes bob as a follower
    assert (await api.items("/v1/users/alice/following"))[0]["is_mutual"] is False


async def test_approved_follow_becomes_mutual(api: Api) -> None:
    await api.ok("PUT", "/v1/users/bob/settings", {"follow_requires_approval": True})
    await api.follow("bob", "alice")
    pending = await api.follow("alice", "bob")
    assert pending.json()["is_mutual"] is False
    assert (await api.items("/v1/users/bob/following"))[0]["is_mutual"] is False
    approved = await api.ok("POST", "/v1/users/bob/follow-requests/alice/approve")
    assert approved["is_mutual"] is True
    assert (await api.items("/v1/users/bob/following"))[0]["is_mutual"] is True
