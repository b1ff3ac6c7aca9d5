"""The operator: list, show and delete tenants, list keys (never hashes), revoke first keys;
the same from the CLI, on the database directly."""

from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from service.core.data.database import Store
from tests.conftest import make_tenant
from tests.helpers import Api, assert_problem, operator_headers

OP = operator_headers()


async def get(client: httpx.AsyncClient, path: str, **params: Any) -> Any:
    response = await client.get(f"/v1/operator{path}", headers=OP, params=params)
    assert response.status_code == 200, response.text
    return response.json()


async def test_first_keys_have_ids_and_can_be_revoked(client: httpx.AsyncClient) -> None:
    created = await make_tenant(client, "acme")
    keys: Any = created["keys"]
    assert [k["scope"] for k in keys] == ["app", "admin"]
    assert [k["key"] for k in keys] == [created["app_key"], created["admin_key"]]
    listed = (await get(client, "/tenants/acme/keys"))["items"]
    assert [(k["key_id"], k["scope"]) for k in listed] == [(k["key_id"], k["scope"]) for k in keys]
    assert all(set(k) == {"key_id", "scope", "created_at"} for k in listed)
    app_key = keys[0]
    revoked = await client.delete(f"/v1/operator/tenants/acme/keys/{app_key['key_id']}", headers=OP)
    assert revoked.status_code == 204
    assert_problem(await Api(client, app_key["key"]).follow("a", "b"), 401, "unauthenticated")
    assert [k["scope"] for k in (await get(client, "/tenants/acme/keys"))["items"]] == ["admin"]


async def test_show_a_tenant_without_secrets(client: httpx.AsyncClient) -> None:
    await make_tenant(client, "acme")
    admin_key = (await make_tenant(client, "globex"))["admin_key"]
    await Api(client, admin_key).ok("PATCH", "/v1/admin/settings", {"max_friends": 7})
    await Api(client, admin_key).ok("DELETE", "/v1/admin/users/someone")  # makes its secret
    shown = await get(client, "/tenants/globex")
    assert shown["tenant_id"] == "globex"
    assert shown["settings"]["max_friends"] == 7
    assert [k["scope"] for k in shown["keys"]] == ["app", "admin"]
    text = str(shown)
    for secret in ("key_hash", "erase_secret", admin_key):
        assert secret not in text
    assert_problem(await client.get("/v1/operator/tenants/nope", headers=OP), 404, "not_found")
    missing = await client.get("/v1/operator/tenants/nope/keys", headers=OP)
    assert_problem(missing, 404, "not_found")


async def test_list_tenants_in_pages(client: httpx.AsyncClient) -> None:
    for tenant_id in ("c", "a", "e", "b", "d"):
        await make_tenant(client, tenant_id)
    first = await get(client, "/tenants", limit=2)
    second = await get(client, "/tenants", limit=2, cursor=first["next_cursor"])
    third = await get(client, "/tenants", limit=2, cursor=second["next_cursor"])
    assert third["next_cursor"] is None
    ids = [t["tenant_id"] for page in (first, second, third) for t in page["items"]]
    assert ids == ["a", "b", "c", "d", "e"]
    for cursor in ("zz", "dDE6YSBi", ""):  # "dDE6YSBi": a cursor naming "a b"
        response = await client.get("/v1/operator/tenants", headers=OP, params={"cursor": cursor})
        if cursor:
            assert_problem(response, 400, "invalid_cursor")
    bad_limit = await client.get("/v1/operator/tenants", headers=OP, params={"limit": 0})
    assert_problem(bad_limit, 422, "validation_error")


async def tenant_documents(store: Store, tenant_id: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for name in await store.database.list_collection_names():
        count = await store.database[name].count_documents({"tenant_id": tenant_id})
        if count:
            found[name] = count
    return found


async def test_delete_a_tenant_leaves_nothing_of_it(
    client: httpx.AsyncClient, store: Store
) -> None:
    acme = await make_tenant(client, "acme")
    globex = await make_tenant(client, "globex")
    for created in (acme, globex):
        api = Api(client, created["app_key"])
        await api.befriend("alice", "bob")
        await api.ok("PUT", "/v1/users/alice/resources/doc/grants/bob", {"permission": "read"})
        await api.ok("PUT", "/v1/users/bob/settings", {"follow_requires_approval": True})
        listed = await api.ok("POST", "/v1/users/alice/lists", {"name": "Close friends"})
        await api.ok("PUT", f"/v1/users/alice/lists/{listed['list_id']}/members/bob")
        assert (await api.call("DELETE", "/v1/users/alice/suggestions/carol")).status_code == 204
    before = await tenant_documents(store, "acme")
    # and, on a server, the pair guards its steps wrote
    assert set(before) - {"pair_guards"} == {
        "tenants",
        "user_relationships",
        "relationship_events",
        "resource_grants",
        "user_settings",
        "user_counts",
        "user_lists",
        "list_members",
        "suggestion_dismissals",
    }

    deleted = await client.delete("/v1/operator/tenants/acme", headers=OP)
    assert deleted.status_code == 200
    removed = deleted.json()["removed"]
    assert {k: v for k, v in removed.items() if v} == before
    assert await tenant_documents(store, "acme") == {}
    assert_problem(await Api(client, acme["admin_key"]).follow("a", "b"), 401, "unauthenticated")
    # The other tenant is untouched (its counts may sit in another number of slot documents:
    # each change picks one of a user's slots at random).
    untouched = await tenant_documents(store, "globex")
    assert untouched.pop("user_counts") > 0
    assert untouched == {k: v for k, v in before.items() if k != "user_counts"}
    assert await Api(client, globex["app_key"]).other_ids("/v1/users/alice/friends") == ["bob"]
    again = await client.delete("/v1/operator/tenants/acme", headers=OP)
    assert_problem(again, 404, "not_found")


runner = CliRunner()


@pytest.fixture
def cli_store(monkeypatch: pytest.MonkeyPatch, store: Store) -> Store:
    """The CLI's commands, on this test's (embedded) database: each opens and closes it."""

    async def connected(_: object) -> Store:
        return store

    monkeypatch.setattr("service.cli.main.connect", connected)
    monkeypatch.setattr(store, "close", lambda: None)
    # The commands refuse to run without one (their own store would be thrown away); `connect`
    # above hands them this test's instead.
    monkeypatch.setenv("MONGODB_URI", "mongodb://cli-test.invalid")
    return store


@pytest.mark.slow
@pytest.mark.embedded_only
def test_cli_tenants_and_keys(cli_store: Store) -> None:
    from service.cli.main import app as cli

    created = runner.invoke(cli, ["tenants", "create", "acme", "--name", "Acme"])
    assert created.exit_code == 0, created.output
    lines = [
        line.split() for line in created.output.splitlines() if line.startswith(("app", "admin"))
    ]
    assert [line[0] for line in lines] == ["app", "admin"]
    app_key_id = lines[0][1]
    assert lines[0][2].startswith("rk_")
    assert runner.invoke(cli, ["tenants", "create", "acme"]).exit_code == 1  # already exists

    issued = runner.invoke(cli, ["keys", "create", "acme", "--scope", "admin"])
    assert issued.exit_code == 0, issued.output
    assert "key_" in issued.output
    assert "rk_" in issued.output
    listed = runner.invoke(cli, ["tenants", "list"])
    assert "acme" in listed.output
    assert app_key_id in listed.output

    revoked = runner.invoke(cli, ["keys", "revoke", "acme", app_key_id])
    assert revoked.exit_code == 0, revoked.output
    assert runner.invoke(cli, ["keys", "revoke", "acme", app_key_id]).exit_code == 1
    assert app_key_id not in runner.invoke(cli, ["tenants", "list"]).output

    assert runner.invoke(cli, ["tenants", "delete", "acme"], input="n\n").exit_code == 1
    deleted = runner.invoke(cli, ["tenants", "delete", "acme", "--yes"])
    assert deleted.exit_code == 0, deleted.output
    assert "tenants: 1 removed" in deleted.output
    assert "acme" not in runner.invoke(cli, ["tenants", "list"]).output
    assert runner.invoke(cli, ["tenants", "delete", "acme", "--yes"]).exit_code == 1


@pytest.mark.embedded_only
def test_cli_rotates_a_tenants_signing_key(cli_store: Store) -> None:
    from service.cli.main import app as cli

    assert runner.invoke(cli, ["tenants", "create", "acme"]).exit_code == 0
    first = runner.invoke(cli, ["keys", "rotate-signing", "acme"])
    assert first.exit_code == 0, first.output
    assert [line.split()[1] for line in first.output.splitlines()] == ["signs"]
    second = runner.invoke(cli, ["keys", "rotate-signing", "acme"])
    lines = second.output.splitlines()
    assert [line.split()[1] for line in lines] == ["signs", "verifies"]
    assert lines[1].split()[0] == first.output.split()[0]  # the replaced key verifies on
    retired = runner.invoke(cli, ["keys", "rotate-signing", "acme", "--retire-previous"])
    assert [line.split()[1] for line in retired.output.splitlines()] == ["signs"]
    assert runner.invoke(cli, ["keys", "rotate-signing", "nope"]).exit_code == 1
