"""The key cache: a repeated key skips its lookup; a key revoked by another process stops
working within RELATIONSHIPS_KEY_CACHE_SECONDS (the step runner's fake time), one revoked
through this process at once."""

from typing import Any

import httpx
import pytest

from service.core.data.database import Store
from service.core.settings import Settings
from tests.helpers import Api, FakeTimer, assert_problem, operator_headers

ROUND_TRIPS = "x-db-round-trips"


async def _round_trips(api: Api) -> int:
    response = await api.call("GET", "/v1/users/a/friends")
    assert response.status_code == 200, response.text
    return int(response.headers[ROUND_TRIPS])


async def test_a_cached_key_saves_its_lookup(api: Api) -> None:
    first = await _round_trips(api)
    assert await _round_trips(api) == first - 1


async def test_a_key_revoked_elsewhere_stops_within_the_delay(
    api: Api, store: Store, timer: FakeTimer, settings: Settings
) -> None:
    await _round_trips(api)  # cached now
    # Another process revokes every key of the tenant: this one's observers do not see it.
    await store.database["tenants"].update_one({"tenant_id": "acme"}, {"$set": {"keys": []}})
    timer.advance(settings.key_cache_seconds - 0.1)
    assert (await api.call("GET", "/v1/users/a/friends")).status_code == 200
    timer.advance(0.1)
    assert_problem(await api.call("GET", "/v1/users/a/friends"), 401, "unauthenticated")


async def test_a_key_revoked_through_this_process_stops_at_once(
    client: httpx.AsyncClient, api: Api, tenant: dict[str, Any]
) -> None:
    await _round_trips(api)
    key_id = next(k["key_id"] for k in tenant["keys"] if k["key"] == api.key)
    revoked = await client.delete(
        f"/v1/operator/tenants/acme/keys/{key_id}", headers=operator_headers()
    )
    assert revoked.status_code in (200, 204), revoked.text
    assert_problem(await api.call("GET", "/v1/users/a/friends"), 401, "unauthenticated")


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"key_cache_seconds": 3.0})
