"""User tokens under concurrent requests over real HTTP: first mints, rotations, revocation."""

import asyncio
import base64
import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from pymongo import MongoClient

from service.core.settings import Settings, TransactionMode
from tests.helpers import OPERATOR_TOKEN, Api, operator_headers
from tests.wire.served import served

pytestmark = pytest.mark.wire
GENEROUS = 1_000_000


@pytest.fixture(params=[TransactionMode.ON, TransactionMode.OFF], ids=["transactions", "leases"])
async def api(request: pytest.FixtureRequest, mongodb_uri: str) -> AsyncIterator[Api]:
    database = f"tokens_{uuid.uuid4().hex[:10]}"
    settings = Settings(
        mongodb_uri=mongodb_uri,
        database_name=database,
        operator_token=OPERATOR_TOKEN,
        transactions=request.param,
        demo_tenant=False,
        rate_limit_burst=GENEROUS,
        user_rate_limit_burst=GENEROUS,
    )
    with served(settings) as url:
        limits = httpx.Limits(max_connections=100)
        async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
            created = await client.post(
                "/v1/operator/tenants",
                json={"tenant_id": "acme", "name": "Acme"},
                headers=operator_headers(),
            )
            yield Api(client, created.json()["app_key"])
    mongo: MongoClient[dict[str, Any]]
    with MongoClient(mongodb_uri) as mongo:
        mongo.drop_database(database)


def kid_of(token: str) -> str:
    header = token.split(".")[0]
    kid: str = json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4)))["kid"]
    return kid


async def _mint(api: Api, user_id: str) -> str | None:
    """The token, or None for a 409 ``conflict`` (a mint that lost every retry)."""
    response = await api.call("POST", f"/v1/users/{user_id}/tokens")
    if response.status_code == 409:
        assert response.json()["code"] == "conflict"
        return None
    assert response.status_code == 201, response.text
    token: str = response.json()["token"]
    return token


async def _works(api: Api, token: str, user_id: str) -> bool:
    response = await Api(api.client, token).call("GET", f"/v1/users/{user_id}/mutes")
    assert response.status_code in (200, 401), response.text
    return response.status_code == 200


async def test_first_tokens_minted_at_once_share_one_signing_key(api: Api) -> None:
    users = [f"u{i}" for i in range(12)]
    tokens = await asyncio.gather(*(_mint(api, u) for u in users))
    minted = [(u, t) for u, t in zip(users, tokens, strict=True) if t is not None]
    assert minted
    assert len({kid_of(t) for _, t in minted}) == 1  # one key made; the losers used it
    assert all(await asyncio.gather(*(_works(api, t, u) for u, t in minted)))


async def test_rotations_and_mints_at_once(api: Api) -> None:
    rotate = "/v1/operator/tenants/acme/signing-keys"
    before = await _mint(api, "alice")
    assert before is not None

    async def rotation() -> int:
        response = await api.client.post(rotate, headers=operator_headers())
        assert response.status_code in (201, 409), response.text
        return response.status_code

    outcomes = await asyncio.gather(
        *(rotation() for _ in range(5)), *(_mint(api, f"m{i}") for i in range(5))
    )
    rotations = [o for o in outcomes if isinstance(o, int)]
    tokens = [(f"m{i}", t) for i, t in enumerate(outcomes[5:]) if isinstance(t, str)]
    assert 201 in rotations
    # Every token signed by a replaced key still verifies (none was retired).
    assert await _works(api, before, "alice")
    assert all(await asyncio.gather(*(_works(api, t, u) for u, t in tokens)))
    final = await api.client.post(rotate, headers=operator_headers())
    keys = final.json()["items"]
    assert [k["accepted_until"] is None for k in keys].count(True) == 1  # one signing key
    assert len(keys) == 1 + 1 + rotations.count(201)  # the first key and every rotation's


async def test_revocation_against_requests_in_flight(api: Api) -> None:
    tokens = [t for t in [await _mint(api, "alice") for _ in range(3)] if t is not None]
    assert len(tokens) == 3

    async def use(token: str) -> bool:
        return await _works(api, token, "alice")

    revoking = asyncio.create_task(api.call("DELETE", "/v1/users/alice/tokens"))
    await asyncio.gather(*(use(t) for t in tokens for _ in range(5)))
    assert (await revoking).status_code == 204  # each request beside it answered 200 or 401 ...
    # ... and once the revocation has answered, no request with those tokens works.
    after = await asyncio.gather(*(use(t) for t in tokens for _ in range(3)))
    assert not any(after)
    fresh = await _mint(api, "alice")
    assert fresh is not None
    assert await use(fresh)
