"""Tenant admin: module switches (seed 000's connections_enabled) and erasing a user."""

import httpx

from tests.conftest import make_tenant
from tests.helpers import Api, assert_problem


async def test_settings_default_all_on(admin: Api) -> None:
    settings = await admin.ok("GET", "/v1/admin/settings")
    assert settings["connections_enabled"] is True
    assert set(settings["enabled_types"]) == {"contact", "friend", "following", "blocked", "muted"}
    assert all(settings["enabled_types"].values())


async def test_whole_module_switched_off(api: Api, admin: Api) -> None:
    await api.befriend("alice", "bob")
    await admin.ok("PATCH", "/v1/admin/settings", {"connections_enabled": False})
    assert_problem(await api.follow("alice", "carol"), 403, "feature_disabled")
    assert_problem(await api.call("GET", "/v1/users/alice/friends"), 403, "feature_disabled")
    assert_problem(
        await api.call("GET", "/v1/users/alice/relationships", ids="bob"), 403, "feature_disabled"
    )
    await admin.ok("PATCH", "/v1/admin/settings", {"connections_enabled": True})
    # Switching off hides; it does not delete.
    assert await api.other_ids("/v1/users/alice/friends") == ["bob"]


async def test_single_type_switched_off(api: Api, admin: Api) -> None:
    await api.follow("alice", "bob")
    updated = await admin.ok("PATCH", "/v1/admin/settings", {"enabled_types": {"following": False}})
    assert updated["enabled_types"]["following"] is False
    assert updated["enabled_types"]["friend"] is True
    assert_problem(await api.follow("alice", "carol"), 403, "feature_disabled")
    assert_problem(await api.call("GET", "/v1/users/bob/followers"), 403, "feature_disabled")
    assert (await api.request_friend("alice", "bob")).status_code == 201
    assert (await api.summary("alice", "bob"))[0]["following"] is False
    assert (await api.summary("alice", "bob"))[0]["friend"] == "pending_outgoing"


async def test_patches_of_different_switches_do_not_overwrite_each_other(
    client: httpx.AsyncClient, admin: Api, tenant: dict[str, str]
) -> None:
    await admin.ok("PATCH", "/v1/admin/settings", {"enabled_types": {"muted": False}})
    await admin.ok("PATCH", "/v1/admin/settings", {"enabled_types": {"contact": False}})
    await admin.ok("PATCH", "/v1/admin/settings", {})
    settings = await admin.ok("GET", "/v1/admin/settings")
    assert settings["enabled_types"]["muted"] is False
    assert settings["enabled_types"]["contact"] is False
    assert settings["enabled_types"]["friend"] is True
    assert settings["connections_enabled"] is True


async def test_settings_validation(admin: Api) -> None:
    bad_type = await admin.call("PATCH", "/v1/admin/settings", {"enabled_types": {"enemy": False}})
    assert_problem(bad_type, 422, "validation_error")
    bad_value = await admin.call("PATCH", "/v1/admin/settings", {"connections_enabled": "nope"})
    assert_problem(bad_value, 422, "validation_error")


async def test_erase_user_removes_every_edge_both_ways(api: Api, admin: Api) -> None:
    await api.befriend("alice", "bob")
    await api.follow("carol", "alice")
    await api.block("alice", "dave")
    await api.mute("erin", "alice")
    await api.ok("PUT", "/v1/users/frank/contacts/alice")
    await api.ok("PUT", "/v1/users/alice/settings", {"follow_requires_approval": True})
    await api.follow("bob", "carol")  # not about alice: must survive
    await api.ok("PUT", "/v1/users/alice/resources/doc/grants/bob", {"permission": "read"})
    await api.ok("PUT", "/v1/users/bob/resources/doc/grants/alice", {"permission": "write"})

    erased = await admin.ok("DELETE", "/v1/admin/users/alice")
    pseudonym = erased.pop("pseudonym")
    assert pseudonym.startswith("erased:")
    assert erased == {
        "user_id": "alice",
        "edges_removed": 6,
        "grants_removed": 2,
        "settings_removed": 1,
        "events_forgotten": 8,
    }
    assert await api.items("/v1/users/bob/resources/doc/grants") == []
    for user in ("bob", "carol", "dave", "erin", "frank"):
        summary = (await api.summary(user, "alice"))[0]
        assert not any(v for k, v in summary.items() if k not in {"user_id", "friend"}), user
        assert summary["friend"] == "none"
    assert await api.other_ids("/v1/users/bob/following") == ["carol"]
    assert (await api.ok("GET", "/v1/users/alice/settings"))["follow_requires_approval"] is False
    assert await api.actions("alice") == []  # the history names a pseudonym now
    assert (await api.actions(pseudonym))[0] == "user_erased"


async def test_erase_is_tenant_scoped(client: httpx.AsyncClient, api: Api) -> None:
    await api.befriend("alice", "bob")
    other = await make_tenant(client, "globex")
    erased = await Api(client, other["admin_key"]).ok("DELETE", "/v1/admin/users/alice")
    assert erased["edges_removed"] == 0
    assert await api.other_ids("/v1/users/alice/friends") == ["bob"]


async def test_audit_trail_includes_private_events(api: Api, admin: Api) -> None:
    await api.mute("alice", "bob")
    await api.follow("carol", "dave")
    trail = await admin.items("/v1/admin/history")
    assert [e["action"] for e in trail] == ["follow", "mute"]
    first = await admin.ok("GET", "/v1/admin/history", limit=1)
    second = await admin.ok("GET", "/v1/admin/history", limit=1, cursor=first["next_cursor"])
    assert second["items"][0]["action"] == "mute"
