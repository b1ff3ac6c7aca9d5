"""Deleting a tenant while its writers are busy, over real HTTP, in both transaction modes.

Eight writers save contacts with notes "OLDDATA" as fast as the served app answers; the
operator deletes the tenant mid-way and creates it again with the same id. Whatever the
timing, the deletion answers only once no request of the old tenant can still write, so the new
tenant starts empty and nothing of the old one is left in any collection.
"""

import asyncio
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
TENANT = "doomed"
WRITERS = 8
DATA_COLLECTIONS = ("user_relationships", "relationship_events", "resource_grants", "user_settings")
ANSWERS = {200, 201, 401, 409}  # saved, key refused (deleted), out of time or lost every race


@pytest.fixture(params=[TransactionMode.ON, TransactionMode.OFF], ids=["transactions", "leases"])
async def served_app(
    request: pytest.FixtureRequest, mongodb_uri: str
) -> AsyncIterator[tuple[httpx.AsyncClient, str]]:
    database = f"deletion_{uuid.uuid4().hex[:10]}"
    settings = Settings(
        mongodb_uri=mongodb_uri,
        database_name=database,
        operator_token=OPERATOR_TOKEN,
        transactions=request.param,
        demo_tenant=False,
        rate_limit_per_second=0,
        step_budget_seconds=1.0,  # the deletion's fence: 3 s
    )
    with served(settings) as url:
        limits = httpx.Limits(max_connections=100)
        async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as client:
            yield client, database
    mongo: MongoClient[dict[str, Any]]
    with MongoClient(mongodb_uri) as mongo:
        mongo.drop_database(database)


async def create(client: httpx.AsyncClient) -> Api:
    created = await client.post(
        "/v1/operator/tenants",
        json={"tenant_id": TENANT, "name": "Doomed"},
        headers=operator_headers(),
    )
    assert created.status_code == 201, created.text
    return Api(client, created.json()["app_key"])


async def until(condition: Any, what: str) -> None:
    for _ in range(1200):  # a bound for a stuck test, not a timing assumption
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"never happened: {what}")


async def test_a_tenant_deleted_under_writes_comes_back_empty(
    served_app: tuple[httpx.AsyncClient, str], mongodb_uri: str
) -> None:
    client, database = served_app
    old = await create(client)
    statuses: list[int] = []
    stop = asyncio.Event()

    async def writer(number: int) -> None:
        saved = 0
        while not stop.is_set():
            answer = await old.call(
                "PUT",
                f"/v1/users/old{number}/contacts/friend{saved % 4}",
                {"notes": f"OLDDATA {saved}"},
            )
            statuses.append(answer.status_code)
            saved += 1

    writers = [asyncio.create_task(writer(n)) for n in range(WRITERS)]
    try:
        await until(lambda: sum(s in (200, 201) for s in statuses) >= WRITERS, "writes landed")
        deleted = await client.delete(f"/v1/operator/tenants/{TENANT}", headers=operator_headers())
        assert deleted.status_code == 200, deleted.text
        new = await create(client)
        await until(lambda: 401 in statuses, "the old key refused")
    finally:
        stop.set()
        await asyncio.gather(*writers)

    assert set(statuses) <= ANSWERS, statuses
    for number in range(WRITERS):
        assert await new.items(f"/v1/users/old{number}/contacts") == []
    mongo: MongoClient[dict[str, Any]]
    with MongoClient(mongodb_uri) as mongo:
        left = {
            name: mongo[database][name].count_documents({"tenant_id": TENANT})
            for name in [*DATA_COLLECTIONS, "pair_guards"]
        }
    assert set(left.values()) == {0}, left
