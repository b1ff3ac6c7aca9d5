"""Prints figures, asserts nothing: ``.venv/bin/python -m benchmarks.embedded_sizes``.

How the embedded default answers as one tenant grows: for each size (1,000, 10,000 and 100,000
edges by default, held by a few hundred users), the store is filled through the driver facade's
bulk write, then single calls go through the ASGI app: writes (a friend request, a follow) and
reads (a summary of 20 ids, a page of contacts, a page of followers). Each figure is the median
of ``--rounds`` calls. The mock has no real indexes, so every query is one pass over the
tenant's edges: latency grows with the size, and these figures say where it stops being
comfortable (on MongoDB the same calls read index ranges and do not grow).
"""

import argparse
import asyncio
import logging
import statistics
import time
from collections.abc import Awaitable, Callable

import httpx
from asgi_lifespan import LifespanManager
from beanie import PydanticObjectId

from indexes import RelationshipIndex
from models.enums import RelationshipStatus, RelationshipType
from models.relationship import ContactMetadata, UserRelationship
from service.app import create_app
from service.core.clock import SystemClock
from service.core.data.database import Store, Upsert
from service.core.settings import Settings

TOKEN = "bench-operator-token-0123456789abcdef"
OWNERS = 300
FILL_BATCH = 1000


async def fill(store: Store, tenant_id: str, start: int, stop: int) -> None:
    """Contacts ``start``..``stop`` of the tenant, written as the importer writes them."""
    now = SystemClock().now()
    for first in range(start, stop, FILL_BATCH):
        upserts = []
        for i in range(first, min(stop, first + FILL_BATCH)):
            edge = UserRelationship(
                id=PydanticObjectId(),
                tenant_id=tenant_id,
                user_id=f"user{i % OWNERS}",
                target_user_id=f"contact{i}",
                type=RelationshipType.CONTACT,
                status=RelationshipStatus.ACTIVE,
                metadata=ContactMetadata(nickname=f"Contact {i}"),
                created_at=now,
                updated_at=now,
            )
            document = edge.model_dump(by_alias=True, exclude={"revision_id", "id"})
            key = {k: document[k] for k in ("tenant_id", "user_id", "target_user_id", "type")}
            upserts.append(Upsert({**key, "_id": edge.id}, {"$set": document}))
        await store.relationships.bulk_write(upserts, index=RelationshipIndex.PAIR)


async def median_ms(call: Callable[[int], Awaitable[httpx.Response]], rounds: int) -> float:
    samples = []
    for n in range(rounds):
        started = time.perf_counter()
        response = await call(n)
        samples.append(time.perf_counter() - started)
        if response.status_code >= 400:
            raise RuntimeError(f"{response.status_code}: {response.text}")
    return 1000 * statistics.median(samples)


async def main(sizes: list[int], rounds: int) -> None:
    settings = Settings(
        operator_token=TOKEN, demo_tenant=False, rate_limit_per_second=0, log_level="warning"
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    app = create_app(settings)
    async with LifespanManager(app) as manager:
        store: Store = app.state.store
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            created = await client.post(
                "/v1/operator/tenants",
                json={"tenant_id": "bench", "name": "Bench"},
                headers={"Authorization": f"Bearer {TOKEN}"},
            )
            created.raise_for_status()
            headers = {"Authorization": f"Bearer {created.json()['app_key']}"}
            ids = ",".join(f"contact{i}" for i in range(20))
            calls: dict[str, Callable[[int], Awaitable[httpx.Response]]] = {}
            filled = 0

            def calls_at(size: int) -> None:
                prefix = f"s{size}"
                calls["write: friend request"] = lambda n: client.post(
                    f"/v1/users/{prefix}a{n}/friend-requests",
                    json={"target_user_id": f"{prefix}b{n}"},
                    headers=headers,
                )
                calls["write: follow"] = lambda n: client.put(
                    f"/v1/users/{prefix}c{n}/following/user1", headers=headers
                )
                calls["read: summary of 20 ids"] = lambda n: client.get(
                    "/v1/users/user0/relationships", params={"ids": ids}, headers=headers
                )
                calls["read: contacts page"] = lambda n: client.get(
                    "/v1/users/user0/contacts", headers=headers
                )
                calls["read: followers page"] = lambda n: client.get(
                    "/v1/users/user1/followers", headers=headers
                )

            print(f"embedded backend; median of {rounds} calls, ms (one tenant, {OWNERS} owners)")
            for size in sizes:
                await fill(store, "bench", filled, size)
                filled = size
                calls_at(size)
                figures = [
                    f"{name} {await median_ms(call, rounds):7.1f}" for name, call in calls.items()
                ]
                print(f"{size:>8,} edges: " + " | ".join(figures), flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="edges, comma-separated")
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    asyncio.run(main([int(size) for size in args.sizes.split(",")], args.rounds))
