"""CORS per tenant: preflights and requests from a listed and an unlisted origin."""

import httpx
import pytest

from tests.helpers import Api, FakeClock, assert_problem
from tests.tokens_helpers import assert_invalid_token, user_api

LISTED = "https://app.acme.example"
UNLISTED = "https://evil.example"


@pytest.fixture
async def listed(admin: Api) -> None:
    body = await admin.ok("PATCH", "/v1/admin/settings", {"cors_origins": [LISTED.upper()]})
    assert body["cors_origins"] == [LISTED]  # origins compare in lower case


def preflight(origin: str) -> dict[str, str]:
    return {
        "Origin": origin,
        "Access-Control-Request-Method": "PUT",
        "Access-Control-Request-Headers": "authorization, content-type",
    }


@pytest.mark.usefixtures("listed")
async def test_preflight_from_a_listed_origin(client: httpx.AsyncClient) -> None:
    response = await client.options("/v1/users/alice/following/bob", headers=preflight(LISTED))
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == LISTED
    assert "PUT" in response.headers["access-control-allow-methods"]
    assert "authorization" in response.headers["access-control-allow-headers"]
    assert "access-control-allow-credentials" not in response.headers
    assert "Origin" in response.headers["vary"]


@pytest.mark.usefixtures("listed")
async def test_preflight_from_an_unlisted_origin(client: httpx.AsyncClient) -> None:
    response = await client.options("/v1/users/alice/following/bob", headers=preflight(UNLISTED))
    assert_problem(response, 403, "origin_not_allowed")
    assert "access-control-allow-origin" not in response.headers


@pytest.mark.usefixtures("listed")
async def test_requests_from_a_listed_and_an_unlisted_origin(api: Api) -> None:
    alice = await user_api(api, "alice")
    allowed = await alice.client.put(
        "/v1/users/alice/following/bob", headers={**alice.headers, "Origin": LISTED}
    )
    assert allowed.status_code == 201
    assert allowed.headers["access-control-allow-origin"] == LISTED
    assert "www-authenticate" in allowed.headers["access-control-expose-headers"]
    assert "access-control-allow-credentials" not in allowed.headers

    refused = await alice.client.put(
        "/v1/users/alice/following/carol", headers={**alice.headers, "Origin": UNLISTED}
    )
    assert_problem(refused, 403, "origin_not_allowed")
    assert "access-control-allow-origin" not in refused.headers
    assert await api.other_ids("/v1/users/alice/following") == ["bob"]  # carol was not followed


async def test_an_origin_another_tenant_lists_is_refused(
    api: Api, admin: Api, other_tenant: Api, client: httpx.AsyncClient
) -> None:
    """The preflight passes (some tenant lists the origin), the request does not."""
    from tests.conftest import make_tenant

    globex_admin = Api(client, (await make_tenant(client, "initech"))["admin_key"])
    await globex_admin.ok("PATCH", "/v1/admin/settings", {"cors_origins": [UNLISTED]})
    assert (
        await client.options("/v1/users/alice/mutes", headers=preflight(UNLISTED))
    ).status_code == 204
    alice = await user_api(api, "alice")
    refused = await client.get(
        "/v1/users/alice/mutes", headers={**alice.headers, "Origin": UNLISTED}
    )
    assert_problem(refused, 403, "origin_not_allowed")


@pytest.mark.parametrize(
    "origins",
    [["*"], ["https://a.example/path"], ["null"], ["ftp://a.example"], ["https://"], "https://a"],
)
async def test_only_real_origins_are_listed(admin: Api, origins: object) -> None:
    response = await admin.call("PATCH", "/v1/admin/settings", {"cors_origins": origins})
    assert_problem(response, 422, "validation_error")
    assert (await admin.ok("GET", "/v1/admin/settings"))["cors_origins"] == []


async def test_server_side_calls_without_origin_are_unaffected(api: Api, listed: None) -> None:
    alice = await user_api(api, "alice")
    response = await alice.call("GET", "/v1/users/alice/mutes")
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers


@pytest.mark.usefixtures("listed")
async def test_a_browser_client_can_read_that_its_token_expired(api: Api, clock: FakeClock) -> None:
    alice = await user_api(api, "alice", ttl_seconds=60)
    clock.advance(seconds=61)
    response = await alice.client.get(
        "/v1/users/alice/mutes", headers={**alice.headers, "Origin": LISTED}
    )
    assert_invalid_token(response)
    assert response.headers["access-control-allow-origin"] == LISTED
