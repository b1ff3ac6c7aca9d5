"""One fresh service per test, on one of three backends:

* the embedded backend (mongomock-motor), by default;
* ``--wire``: a MongoDB wire-protocol server started for the session (tests/wire/server.py),
  reached over a socket by the production driver path, with transactions on;
* ``RELATIONSHIPS_TEST_MONGODB_URI``: a real MongoDB (e.g. the docker compose replica set).

Tests marked ``wire`` need a server and are deselected without one; tests marked
``embedded_only`` check the embedded backend itself and are deselected with one.
"""

import os
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from starlette.types import ASGIApp

from models.tenant import TenantSettings
from service.app import create_app
from service.core.clock import SystemClock
from service.core.data.database import Store
from service.core.settings import Settings, TransactionMode
from service.core.steps.context import TenantContext
from service.core.steps.runner import StepRunner
from tests import route_contexts
from tests.helpers import OPERATOR_TOKEN, Api, FakeClock, FakeTimer, operator_headers

route_contexts.install()

REAL_MONGODB_URI = os.environ.get("RELATIONSHIPS_TEST_MONGODB_URI")
# Tests make hundreds of calls a second: the rate limiter (and its storage) runs on every one
# but never says no. tests/test_rate_limit.py sets tight limits of its own.
GENEROUS_BURST = 1_000_000
# The round-trip budgets the tests assert count each request's key lookup, as a deployment pays
# it once per key and process every RELATIONSHIPS_KEY_CACHE_SECONDS; tests/test_key_cache.py
# turns the cache on and checks what it saves.
KEY_CACHE_OFF = 0.0


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--wire",
        action="store_true",
        help="run against a MongoDB wire-protocol server (mongoeco, Python >= 3.13)",
    )


def _server_tier(config: pytest.Config) -> bool:
    return bool(REAL_MONGODB_URI or config.getoption("--wire"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    unwanted = "embedded_only" if _server_tier(config) else "wire"
    kept = [item for item in items if unwanted not in item.keywords]
    deselected = [item for item in items if unwanted in item.keywords]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


@pytest.fixture(scope="session")
def mongodb_uri(pytestconfig: pytest.Config) -> str | None:
    if REAL_MONGODB_URI:
        return REAL_MONGODB_URI
    if pytestconfig.getoption("--wire"):
        from tests.wire.server import start_wire_server

        return start_wire_server()
    return None


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def settings(mongodb_uri: str | None) -> Settings:
    if mongodb_uri is None:
        return Settings(
            mongodb_uri=None,
            operator_token=OPERATOR_TOKEN,
            demo_tenant=False,
            webhook_worker=False,  # tests run delivery rounds themselves (tests/test_webhooks.py)
            rate_limit_burst=GENEROUS_BURST,
            unknown_key_per_minute=GENEROUS_BURST,  # the auth sweep sends bad keys by the hundred
            user_rate_limit_burst=GENEROUS_BURST,
            key_cache_seconds=KEY_CACHE_OFF,
        )
    return Settings(
        mongodb_uri=mongodb_uri,
        database_name=f"test_{uuid.uuid4().hex[:12]}",
        operator_token=OPERATOR_TOKEN,
        # The wire server is standalone: force the transaction path production takes.
        transactions=TransactionMode.AUTO if REAL_MONGODB_URI else TransactionMode.ON,
        demo_tenant=False,
        webhook_worker=False,  # tests run delivery rounds themselves (tests/test_webhooks.py)
        rate_limit_burst=GENEROUS_BURST,
        unknown_key_per_minute=GENEROUS_BURST,
        user_rate_limit_burst=GENEROUS_BURST,
        key_cache_seconds=KEY_CACHE_OFF,
    )


@pytest.fixture
def timer() -> FakeTimer:
    return FakeTimer()


@pytest.fixture
def app(settings: Settings, clock: FakeClock, timer: FakeTimer) -> FastAPI:
    return create_app(settings, clock=clock, timer=timer)


@pytest.fixture
async def running(app: FastAPI, settings: Settings) -> AsyncIterator[ASGIApp]:
    """The app with its lifespan entered (database connected, indexes synced)."""
    async with LifespanManager(app) as manager:
        yield manager.app
        if not settings.embedded:
            store: Store = app.state.store
            await store.client.drop_database(settings.database_name)


@pytest.fixture
def store(app: FastAPI, running: ASGIApp) -> Store:
    connected: Store = app.state.store
    return connected


@pytest.fixture
def ctx(store: Store, timer: FakeTimer) -> TenantContext:
    """A tenant context for calling the rules directly, below HTTP."""
    return TenantContext.bind(
        store,
        tenant_id="t1",
        settings=TenantSettings(),
        moment=SystemClock().now(),
        runner=StepRunner(store, timer=timer),  # no clock: its steps keep this moment
    )


@pytest.fixture
async def client(running: ASGIApp) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=running)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


async def make_tenant(client: httpx.AsyncClient, tenant_id: str) -> dict[str, str]:
    response = await client.post(
        "/v1/operator/tenants",
        json={"tenant_id": tenant_id, "name": tenant_id.title()},
        headers=operator_headers(),
    )
    assert response.status_code == 201, response.text
    body: dict[str, str] = response.json()
    return body


@pytest.fixture
async def tenant(client: httpx.AsyncClient) -> dict[str, str]:
    return await make_tenant(client, "acme")


@pytest.fixture
def api(client: httpx.AsyncClient, tenant: dict[str, str]) -> Api:
    return Api(client, tenant["app_key"])


@pytest.fixture
def admin(client: httpx.AsyncClient, tenant: dict[str, str]) -> Api:
    return Api(client, tenant["admin_key"])


@pytest.fixture
async def other_tenant(client: httpx.AsyncClient) -> Api:
    created = await make_tenant(client, "globex")
    return Api(client, created["app_key"])
