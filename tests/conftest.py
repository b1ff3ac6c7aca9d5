"""One fresh service per test: the embedded backend by default, a real wire server when
``RELATIONSHIPS_TEST_MONGODB_URI`` is set (see tests/wire)."""

import os
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from starlette.types import ASGIApp

from service.app import create_app
from service.core.database import Store
from service.core.settings import Settings, TransactionMode
from tests.helpers import OPERATOR_TOKEN, Api, FakeClock, operator_headers

WIRE_URI = os.environ.get("RELATIONSHIPS_TEST_MONGODB_URI")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def settings() -> Settings:
    if WIRE_URI:
        return Settings(
            mongodb_uri=WIRE_URI,
            database_name=f"test_{uuid.uuid4().hex[:12]}",
            operator_token=OPERATOR_TOKEN,
            transactions=TransactionMode(os.environ.get("RELATIONSHIPS_TRANSACTIONS", "auto")),
            demo_tenant=False,
        )
    return Settings(mongodb_uri=None, operator_token=OPERATOR_TOKEN, demo_tenant=False)


@pytest.fixture
def app(settings: Settings, clock: FakeClock) -> FastAPI:
    return create_app(settings, clock=clock)


@pytest.fixture
async def running(app: FastAPI, settings: Settings) -> AsyncIterator[ASGIApp]:
    """The app with its lifespan entered (database connected, indexes synced)."""
    async with LifespanManager(app) as manager:
        yield manager.app
        if WIRE_URI:
            store: Store = app.state.store
            await store.client.drop_database(settings.database_name)


@pytest.fixture
def store(app: FastAPI, running: ASGIApp) -> Store:
    connected: Store = app.state.store
    return connected


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
