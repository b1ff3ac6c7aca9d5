"""One compact scenario that sends every query family the API has: used to check that the API
uses every declared index (tests/test_indexes.py) and that every query stays on one shard or
is a declared bounded scatter (tests/wire/test_query_shapes.py)."""

from fastapi import FastAPI

from models.tenant import TenantSettings
from service.core.clock import SystemClock
from service.core.data.database import Store
from service.core.steps.context import TenantContext
from service.integrity.check import check_tenant
from tests.helpers import Api, FakeClock
from tests.webhook_helpers import Receiver, worker


async def every_route_family(
    api: Api, admin: Api, store: Store, app: FastAPI, clock: FakeClock
) -> None:
    await api.befriend("a", "b")
    await api.ok("PUT", "/v1/users/c/settings", {"follow_requires_approval": True})
    await api.follow("a", "c")
    for path in ("friends", "followers", "follow-requests", "blocks", "mutes", "history"):
        await api.ok("GET", f"/v1/users/c/{path}")
    await api.summary("a", "b", "c")
    await api.ok("GET", "/v1/users/a/counts")
    await api.ok("GET", "/v1/users/a/suggestions")
    await api.ok("DELETE", "/v1/users/a/suggestions/z")
    await api.ok("GET", "/v1/users/a/mutual-friends/c")
    await api.ok("GET", "/v1/users/a/known-followers/c")
    created = await api.ok("POST", "/v1/users/a/lists", {"name": "team"})
    team = f"/v1/users/a/lists/{created['list_id']}"
    await api.ok("PUT", f"{team}/members/b")
    await api.ok("GET", f"{team}/members")
    await api.ok("GET", "/v1/users/a/lists", member="b")
    await api.ok("GET", "/v1/users/b/access", owner="a", list_id=created["list_id"])
    grant = "/v1/users/a/resources/doc/grants"
    await api.ok("PUT", f"{grant}/b", {"permission": "write"})
    await api.ok("GET", grant)
    await api.block("a", "b")
    await admin.ok("PATCH", "/v1/admin/settings", {"connections_enabled": True})
    # A browser's preflight, and a user token minted and used.
    await admin.ok("PATCH", "/v1/admin/settings", {"cors_origins": ["https://app.example"]})
    preflight = {"Origin": "https://app.example", "Access-Control-Request-Method": "GET"}
    assert (await api.client.options("/v1/users/a/friends", headers=preflight)).status_code == 204
    token = (await api.ok("POST", "/v1/users/c/tokens"))["token"]
    await Api(api.client, token).ok("GET", "/v1/users/c/friends")
    await admin.ok("GET", "/v1/admin/history")
    await admin.ok("GET", "/v1/admin/history", user_id="a", other_user_id="b", type="friend")
    await admin.ok("GET", "/v1/admin/history", action="follow", since="2020-01-01T00:00:00Z")
    # A webhook (a public address: no lookup; the worker's receiver is a mock), its ping sent
    # by a delivery round, its log read, and the webhook deleted.
    hook = await admin.ok("POST", "/v1/admin/webhooks", {"url": "https://93.184.216.34/"})
    webhook = f"/v1/admin/webhooks/{hook['webhook_id']}"
    assert (await admin.call("POST", f"{webhook}/ping")).status_code == 202
    deliver = worker(app, clock, Receiver(), allow_private=False)
    await deliver.round()
    await deliver.aclose()
    await admin.ok("GET", f"{webhook}/deliveries")
    await admin.ok("DELETE", webhook)
    await admin.ok("DELETE", "/v1/admin/users/a")
    # The integrity check scans the tenant (and finds nothing wrong with what the API did).
    acme = TenantContext.bind(
        store, tenant_id="acme", settings=TenantSettings(), moment=SystemClock().now()
    )
    assert (await check_tenant(acme, batch=2)).violations == []
