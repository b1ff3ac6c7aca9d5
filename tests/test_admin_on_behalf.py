"""A tenant admin corrects a user's mutes and nicknames: the user's own rules run, and the
user's history says an admin did it, with the admin's key id."""

from typing import Any

import httpx

from tests.conftest import make_tenant
from tests.helpers import Api, assert_problem, operator_headers

ADMIN_MUTE = "/v1/admin/users/alice/mutes/bob"


async def admin_key_id(client: httpx.AsyncClient, tenant_id: str = "acme") -> str:
    keys = (
        await client.get(f"/v1/operator/tenants/{tenant_id}/keys", headers=operator_headers())
    ).json()["items"]
    key_id: str = next(k["key_id"] for k in keys if k["scope"] == "admin")
    return key_id


async def test_admin_mutes_for_a_user(api: Api, admin: Api, client: httpx.AsyncClient) -> None:
    created = await admin.call("PUT", ADMIN_MUTE, {"duration_seconds": 3600})
    assert created.status_code == 201
    assert (await api.ok("GET", "/v1/users/alice/mutes/bob"))["muting"] == created.json()["muting"]
    patched = await admin.ok("PATCH", ADMIN_MUTE, {"mute_calls": False})
    assert patched["muting"]["mute_until"] == created.json()["muting"]["mute_until"]
    assert await admin.other_ids("/v1/admin/users/alice/mutes") == ["bob"]
    assert (await admin.ok("GET", ADMIN_MUTE))["muting"]["mute_calls"] is False
    assert (await admin.call("DELETE", ADMIN_MUTE)).status_code == 204
    assert_problem(await admin.call("GET", ADMIN_MUTE), 404, "not_found")
    assert_problem(await admin.call("PATCH", ADMIN_MUTE, {"mute_calls": True}), 404, "not_found")

    key_id = await admin_key_id(client)
    history = await api.history("alice")
    assert [e["action"] for e in history] == ["unmute", "mute", "mute"]
    for event in history:
        assert (event["actor"], event["actor_kind"], event["actor_key_id"]) == (
            "alice",
            "admin",
            key_id,
        )
    assert await api.actions("bob") == []  # the muted user still never learns


async def test_user_changes_say_user(api: Api, admin: Api) -> None:
    await api.mute("alice", "bob")
    await admin.follow("alice", "carol")  # an admin key on a user route acts for the user
    for event in await api.history("alice"):
        assert (event["actor_kind"], event["actor_key_id"]) == ("user", None)


async def test_admin_mute_rules_and_switches(api: Api, admin: Api) -> None:
    assert_problem(
        await admin.call("PUT", "/v1/admin/users/alice/mutes/alice"), 422, "self_relationship"
    )
    await admin.ok("PATCH", "/v1/admin/settings", {"enabled_types": {"muted": False}})
    assert_problem(await admin.call("PUT", ADMIN_MUTE), 403, "feature_disabled")
    assert_problem(await admin.call("GET", "/v1/admin/users/alice/mutes"), 403, "feature_disabled")


async def nicknames(admin: Api, user_id: str = "alice") -> list[tuple[str, str, str]]:
    items = await admin.items(f"/v1/admin/users/{user_id}/nicknames")
    return [(i["user_id"], i["type"], i["nickname"]) for i in items]


async def test_admin_nicknames(api: Api, admin: Api, client: httpx.AsyncClient) -> None:
    await api.befriend("alice", "bob")
    await api.ok("PATCH", "/v1/users/alice/friends/bob", {"nickname": "Bobby"})
    await api.ok("PUT", "/v1/users/alice/contacts/carol", {"nickname": "Caz", "notes": "n"})
    await api.ok("PUT", "/v1/users/alice/contacts/dave")  # no nickname: not listed
    await api.ok("PUT", "/v1/users/alice/contacts/bob", {"nickname": "Bob C"})
    assert sorted(await nicknames(admin)) == [
        ("bob", "contact", "Bob C"),
        ("bob", "friend", "Bobby"),
        ("carol", "contact", "Caz"),
    ]
    path = "/v1/admin/users/alice/nicknames"
    renamed = await admin.ok("PUT", f"{path}/carol", {"nickname": " Carol ", "type": "contact"})
    assert (renamed["user_id"], renamed["type"], renamed["nickname"]) == (
        "carol",
        "contact",
        "Carol",
    )
    contact = await api.ok("GET", "/v1/users/alice/contacts/carol")
    assert contact["metadata"] == {**contact["metadata"], "nickname": "Carol", "notes": "n"}
    friend = await admin.ok("PUT", f"{path}/bob", {"nickname": "Robert", "type": "friend"})
    assert friend["nickname"] == "Robert"
    assert_problem(
        await admin.call("PUT", f"{path}/dave", {"nickname": "D", "type": "friend"}),
        404,
        "not_found",
    )
    for bad in ({"nickname": "", "type": "friend"}, {"nickname": "x", "type": "muted"}, {}):
        assert_problem(await admin.call("PUT", f"{path}/bob", bad), 422, "validation_error")

    assert (await admin.call("DELETE", f"{path}/bob")).status_code == 204
    assert (await admin.call("DELETE", f"{path}/bob")).status_code == 204
    # No edge at all is not a 404 either (its OpenAPI entry declares none).
    assert (await admin.call("DELETE", f"{path}/nobody")).status_code == 204
    assert await nicknames(admin) == [("carol", "contact", "Carol")]
    assert (await api.summary("alice", "bob"))[0]["nickname"] is None

    key_id = await admin_key_id(client)
    by_admin = [e for e in await api.history("alice") if e["actor_kind"] == "admin"]
    assert sorted(e["action"] for e in by_admin) == [
        "contact_saved",
        "contact_saved",
        "nickname_changed",
        "nickname_changed",
    ]
    assert {e["actor_key_id"] for e in by_admin} == {key_id}


async def test_another_tenants_admin_sees_nothing(
    api: Api, admin: Api, client: httpx.AsyncClient
) -> None:
    await api.befriend("alice", "bob")
    await api.ok("PATCH", "/v1/users/alice/friends/bob", {"nickname": "Bobby"})
    await api.mute("alice", "bob")
    globex = Api(client, (await make_tenant(client, "globex"))["admin_key"])
    assert await globex.items("/v1/admin/users/alice/mutes") == []
    assert await globex.items("/v1/admin/users/alice/nicknames") == []
    assert await globex.items("/v1/admin/history") == []
    assert await globex.items("/v1/admin/history", user_id="alice") == []
    assert_problem(await globex.call("GET", ADMIN_MUTE), 404, "not_found")
    export = await globex.call("GET", "/v1/admin/users/alice/export")
    assert len(export.text.splitlines()) == 1  # the header line only
    put: Any = {"nickname": "x", "type": "friend"}
    nick = await globex.call("PUT", "/v1/admin/users/alice/nicknames/bob", put)
    assert_problem(nick, 404, "not_found")
    assert await nicknames(admin) == [("bob", "friend", "Bobby")]
