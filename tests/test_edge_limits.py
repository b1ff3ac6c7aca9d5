"""Edge answers: body limits (413), WWW-Authenticate on 401, Allow on 405."""

from collections.abc import AsyncIterator

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import APIRouter
from pydantic import BaseModel

from service.app import create_app
from service.core.settings import Settings
from tests.helpers import Api, assert_problem, operator_headers
from tests.test_auth import PROTECTED

TOO_BIG = 1024 * 1024 + 1  # one byte over the default limit


async def test_too_big_body_is_413_problem_and_nothing_is_stored(api: Api) -> None:
    padding = "x" * TOO_BIG
    response = await api.call(
        "POST", "/v1/users/alice/friend-requests", {"target_user_id": "bob", "pad": padding}
    )
    body = assert_problem(response, 413, "payload_too_large")
    assert str(1024 * 1024) in body["detail"]
    assert body["instance"] == f"urn:request:{response.headers['x-request-id']}"
    assert await api.items("/v1/users/bob/friend-requests", direction="incoming") == []
    assert await api.history("alice") == []


async def test_too_big_body_without_content_length_is_413_problem(api: Api) -> None:
    async def chunks() -> AsyncIterator[bytes]:  # streamed: the server learns the size late
        yield b'{"target_user_id": "bob", "pad": "'
        for _ in range(20):
            yield b"x" * 65536
        yield b'"}'

    response = await api.client.post(
        "/v1/users/alice/friend-requests",
        content=chunks(),
        headers={**api.headers, "content-type": "application/json"},
    )
    assert_problem(response, 413, "payload_too_large")
    assert await api.history("alice") == []


async def test_declared_too_big_body_on_a_route_without_body_is_413_problem(api: Api) -> None:
    # Starlette answers this one itself, in plain text; the service turns it into a problem.
    response = await api.client.request(
        "GET", "/v1/users/alice/friends", content=b"x" * TOO_BIG, headers=api.headers
    )
    body = assert_problem(response, 413, "payload_too_large")
    assert body["instance"] == f"urn:request:{response.headers['x-request-id']}"


class Rows(BaseModel):
    rows: list[str]


async def test_a_router_may_take_a_larger_limit(settings: Settings) -> None:
    """How the bulk import will get RELATIONSHIPS_IMPORT_MAX_BODY_BYTES: include its router
    with ``max_body_size``; every other route keeps the default."""
    settings = settings.model_copy(update={"max_body_bytes": 1000, "import_max_body_bytes": 5000})
    app = create_app(settings)
    bulk = APIRouter(prefix="/v1/import")

    @bulk.post("/rows")
    async def rows(body: Rows) -> dict[str, int]:
        return {"rows": len(body.rows)}

    app.include_router(bulk, max_body_size=settings.import_max_body_bytes)
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            three_k = {"rows": ["x" * 1000] * 3}
            assert (await client.post("/v1/import/rows", json=three_k)).json() == {"rows": 3}
            six_k = {"rows": ["x" * 1000] * 6}
            assert_problem(
                await client.post("/v1/import/rows", json=six_k), 413, "payload_too_large"
            )
            elsewhere = await client.post(
                "/v1/operator/tenants", json={"tenant_id": "t", "name": "x" * 2000}
            )
            assert_problem(elsewhere, 413, "payload_too_large")


@pytest.mark.parametrize(("method", "path"), PROTECTED)
async def test_every_401_names_the_bearer_scheme(
    client: httpx.AsyncClient, method: str, path: str
) -> None:
    for headers in ({}, {"Authorization": "Bearer rk_nope"}, {"Authorization": "Basic eDp5"}):
        response = await client.request(method, path, headers=headers)
        assert_problem(response, 401, "unauthenticated")
        assert response.headers["www-authenticate"] == "Bearer"


async def test_operator_401_names_the_bearer_scheme(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/v1/operator/tenants", json={"tenant_id": "t", "name": "T"}, headers=operator_headers("no")
    )
    assert_problem(response, 401, "unauthenticated")
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("DELETE", "/healthz", {"GET"}),
        ("POST", "/v1/users/alice/friends", {"GET"}),
        ("GET", "/v1/users/alice/following/bob", {"PUT", "DELETE"}),
    ],
)
async def test_405_keeps_allow_and_is_a_problem(
    api: Api, method: str, path: str, allowed: set[str]
) -> None:
    response = await api.call(method, path)
    assert_problem(response, 405, "method_not_allowed")
    assert {m.strip() for m in response.headers["allow"].split(",")} >= allowed
