"""Credentials, scopes and tenant isolation, swept over every endpoint."""

import re
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from service.app import create_app
from service.core.settings import Settings
from tests.conftest import make_tenant
from tests.helpers import Api, assert_problem, operator_headers

PUBLIC = {"/healthz", "/readyz"}
PATH_VALUES = {
    "user_id": "alice",
    "other_id": "bob",
    "tenant_id": "acme",
    "key_id": "key_00000000deadbeef",
    "resource_id": "doc-1",
    "list_id": "0123456789abcdef01234567",
    "webhook_id": "wh_0123456789abcdef01234567",
    "delivery_id": "0123456789abcdef01234567",
}


def _operations() -> list[tuple[str, str]]:
    schema: dict[str, Any] = create_app(Settings(mongodb_uri=None)).openapi()
    found = []
    for path, item in schema["paths"].items():
        for method in item:
            concrete = re.sub(r"\{(\w+)\}", lambda m: PATH_VALUES[m.group(1)], path)
            found.append((method.upper(), concrete))
    return found


OPERATIONS = _operations()
PROTECTED = [(m, p) for m, p in OPERATIONS if p not in PUBLIC]


def test_sweep_covers_the_api() -> None:
    assert len(PROTECTED) >= 30
    assert any(p.startswith("/v1/admin") for _, p in PROTECTED)
    assert any(p.startswith("/v1/operator") for _, p in PROTECTED)
    for method in ("GET", "PUT", "PATCH", "DELETE"):
        assert (method, "/v1/admin/users/alice/mutes/bob") in PROTECTED
    assert ("PUT", "/v1/admin/users/alice/nicknames/bob") in PROTECTED
    assert ("GET", "/v1/admin/users/alice/export") in PROTECTED


LEFT = ("edges", "grants", "events")  # what an erasure state counts as left
ADMIN_READS = [
    p
    for m, p in PROTECTED
    if m == "GET" and p.startswith("/v1/admin") and p != "/v1/admin/settings"
]


@pytest.mark.parametrize("path", ADMIN_READS)
async def test_another_tenants_admin_reads_nothing(
    client: httpx.AsyncClient, api: Api, admin: Api, path: str
) -> None:
    await api.befriend("alice", "bob")
    await api.ok("PATCH", "/v1/users/alice/friends/bob", {"nickname": "B"})
    await api.mute("alice", "bob")
    if path.startswith("/v1/admin/webhooks"):  # a public address: no lookup, no call
        hook = await admin.ok("POST", "/v1/admin/webhooks", {"url": "https://93.184.216.34/"})
        path = path.replace(PATH_VALUES["webhook_id"], hook["webhook_id"])
    assert (await admin.call("GET", path)).status_code == 200  # there is something to see...
    other = Api(client, (await make_tenant(client, "globex"))["admin_key"])
    response = await other.call("GET", path)  # ...but not from another tenant
    if response.status_code == 404:
        assert_problem(response, 404, "not_found")
    elif path.endswith("/export"):
        assert len(response.text.splitlines()) == 1  # the header alone
    elif path.endswith("/erasure"):  # none of the first tenant's edges or events counted
        state = response.json()
        assert (state["state"], state["left"]) == ("not_started", dict.fromkeys(LEFT, 0))
    else:
        assert response.json()["items"] == []


@pytest.mark.parametrize(("method", "path"), PROTECTED)
async def test_no_credential_is_401(client: httpx.AsyncClient, method: str, path: str) -> None:
    assert_problem(await client.request(method, path), 401, "unauthenticated")


@pytest.mark.parametrize(("method", "path"), PROTECTED)
async def test_unknown_key_is_401(client: httpx.AsyncClient, method: str, path: str) -> None:
    response = await client.request(method, path, headers={"Authorization": "Bearer rk_nope"})
    assert_problem(response, 401, "unauthenticated")


@pytest.mark.parametrize(("method", "path"), [(m, p) for m, p in PROTECTED if "/admin" in p])
async def test_app_key_on_admin_endpoint_is_403(api: Api, method: str, path: str) -> None:
    assert_problem(await api.call(method, path), 403, "insufficient_scope")


@pytest.mark.parametrize(("method", "path"), [(m, p) for m, p in PROTECTED if "/operator" in p])
async def test_tenant_keys_are_not_operator_tokens(
    api: Api, admin: Api, method: str, path: str
) -> None:
    for caller in (api, admin):
        assert_problem(await caller.call(method, path), 401, "unauthenticated")


async def test_public_probes(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ready"


async def test_admin_key_may_act_for_users(admin: Api) -> None:
    assert (await admin.follow("alice", "bob")).status_code == 201


async def test_other_tenant_sees_nothing_and_changes_nothing(api: Api, other_tenant: Api) -> None:
    await api.befriend("alice", "bob")
    await api.follow("alice", "carol")
    await api.block("alice", "dave")
    await api.mute("alice", "erin")
    await api.ok("PUT", "/v1/users/alice/contacts/frank")
    await api.ok("PUT", "/v1/users/carol/settings", {"follow_requires_approval": True})
    lists = [
        "friends",
        "following",
        "followers",
        "blocks",
        "mutes",
        "contacts",
        "history",
        "friend-requests",
        "follow-requests",
    ]
    for name in lists:
        assert await other_tenant.items(f"/v1/users/alice/{name}") == [], name
    summary = await other_tenant.summary("alice", "bob", "carol", "dave", "erin", "frank")
    assert not any(v for e in summary for k, v in e.items() if k not in {"user_id", "friend"})
    assert {e["friend"] for e in summary} == {"none"}
    assert (await other_tenant.ok("GET", "/v1/users/carol/settings"))[
        "follow_requires_approval"
    ] is False

    # Acting on the same ids in the other tenant touches only the other tenant.
    assert_problem(
        await other_tenant.call("PATCH", "/v1/users/alice/friends/bob", {"nickname": "x"}),
        404,
        "not_found",
    )
    assert (await other_tenant.follow("dave", "alice")).status_code == 201  # no block there
    await other_tenant.call("DELETE", "/v1/users/alice/friends/bob")
    await other_tenant.call("DELETE", "/v1/users/alice/blocks/dave")
    assert await api.other_ids("/v1/users/alice/friends") == ["bob"]
    assert await api.other_ids("/v1/users/alice/blocks") == ["dave"]
    assert await api.other_ids("/v1/users/alice/followers") == []


async def test_operator_creates_tenants_and_keys(client: httpx.AsyncClient) -> None:
    created = await client.post(
        "/v1/operator/tenants", json={"tenant_id": "t1", "name": "T"}, headers=operator_headers()
    )
    assert created.status_code == 201
    body = created.json()
    assert body["app_key"] != body["admin_key"]
    assert len(body["app_key"]) >= 43  # 32 random bytes, base64url

    duplicate = await client.post(
        "/v1/operator/tenants", json={"tenant_id": "t1", "name": "T"}, headers=operator_headers()
    )
    assert_problem(duplicate, 409, "already_exists")

    issued = await client.post(
        "/v1/operator/tenants/t1/keys", json={"scope": "admin"}, headers=operator_headers()
    )
    assert issued.status_code == 201
    key = issued.json()
    extra = Api(client, key["key"])
    assert (await extra.call("GET", "/v1/admin/settings")).status_code == 200

    revoked = await client.delete(
        f"/v1/operator/tenants/t1/keys/{key['key_id']}", headers=operator_headers()
    )
    assert revoked.status_code == 204
    assert_problem(await extra.call("GET", "/v1/admin/settings"), 401, "unauthenticated")
    again = await client.delete(
        f"/v1/operator/tenants/t1/keys/{key['key_id']}", headers=operator_headers()
    )
    assert_problem(again, 404, "not_found")
    # The tenant's other keys keep working.
    assert (await Api(client, body["app_key"]).follow("a", "b")).status_code == 201


async def test_operator_input_validation(client: httpx.AsyncClient) -> None:
    headers = operator_headers()
    for body in (
        {"tenant_id": "bad id", "name": "x"},
        {"tenant_id": "ok"},
        {"tenant_id": "", "name": "x"},
    ):
        response = await client.post("/v1/operator/tenants", json=body, headers=headers)
        assert_problem(response, 422, "validation_error")
    missing = await client.post(
        "/v1/operator/tenants/nope/keys", json={"scope": "app"}, headers=headers
    )
    assert_problem(missing, 404, "not_found")
    bad_scope = await client.post(
        "/v1/operator/tenants/nope/keys", json={"scope": "root"}, headers=headers
    )
    assert_problem(bad_scope, 422, "validation_error")
    wrong = await client.post(
        "/v1/operator/tenants", json={"tenant_id": "x", "name": "x"}, headers=operator_headers("no")
    )
    assert_problem(wrong, 401, "unauthenticated")


async def test_operator_api_is_off_without_a_token(clock: object) -> None:
    from asgi_lifespan import LifespanManager

    app: FastAPI = create_app(Settings(mongodb_uri=None, operator_token=None, demo_tenant=False))
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            response = await client.post(
                "/v1/operator/tenants",
                json={"tenant_id": "x", "name": "x"},
                headers=operator_headers(""),
            )
            assert_problem(response, 401, "unauthenticated")
