"""Prints figures, asserts nothing: ``.venv/bin/python -m benchmarks.graph [--edges N] [--wire]``.

Builds a graph of N friendship edges (default 100,000: N/2 friendships among N/20 users, each
user about 20 friends) below HTTP, with the edge repository's bulk write (so counts move too),
then measures through the ASGI app, side by side in one run: suggestions, the summary of 20 ids,
counts and mutual friends. ``--wire`` serves the MongoDB wire-protocol test server (mongoeco,
Python >= 3.13) and runs against it with transactions on. Figures are rates within the run.
"""

import argparse
import asyncio
import math
import random
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable

import httpx
from asgi_lifespan import LifespanManager

from models.enums import RelationshipStatus, RelationshipType
from models.tenant import TenantSettings
from service.app import create_app
from service.core.clock import SystemClock
from service.core.settings import Settings, TransactionMode
from service.core.steps.context import TenantContext

BENCH_TOKEN = "bench-operator-token-0123456789abcdef"
BATCH = 1_000
# The wire test server runs a whole bulk write in its event loop, comparing each new edge with
# every stored one (its compound unique index): a batch of 1,000 holds it past the driver's
# heartbeat, which then cancels the call. Small batches keep it answering, up to a few
# thousand edges (each write costs it about 0.8 ms per stored edge, under a profiler):
# 100,000 is out of its reach.
WIRE_BATCH = 10


async def rate(action: Callable[[], Awaitable[object]], rounds: int) -> float:
    """Calls per second (median of ``rounds`` timed calls)."""
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        await action()
        samples.append(time.perf_counter() - start)
    return 1 / statistics.median(samples)


async def build(ctx: TenantContext, edges: int, batch: int) -> list[str]:
    # About 20 friends each; at a small size, enough users that edges / 2 pairs exist at all.
    users = [f"u{i}" for i in range(max(edges // 20, math.isqrt(edges) + 2, 22))]
    rng = random.Random(7)
    pairs: set[tuple[str, str]] = set()
    while len(pairs) < edges // 2:
        a, b = rng.sample(users, 2)
        pairs.add((min(a, b), max(a, b)))
    saves = []
    for a, b in sorted(pairs):
        for owner, target in ((a, b), (b, a)):
            edge = ctx.edges.new(
                owner, target, RelationshipType.FRIEND, RelationshipStatus.ACCEPTED
            )
            saves.append((edge, None))
    for start in range(0, len(saves), batch):
        await ctx.edges.save_many(saves[start : start + batch])
    return users


async def main(edges: int, wire: bool) -> None:
    settings = Settings(operator_token=BENCH_TOKEN, demo_tenant=False, rate_limit_per_second=0)
    if wire:
        from tests.wire.server import start_wire_server

        settings = Settings(
            mongodb_uri=start_wire_server(),
            database_name=f"bench_{uuid.uuid4().hex[:8]}",
            operator_token=BENCH_TOKEN,
            demo_tenant=False,
            rate_limit_per_second=0,
            transactions=TransactionMode.ON,
        )
    app = create_app(settings)
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            created = await client.post(
                "/v1/operator/tenants",
                json={"tenant_id": "bench", "name": "Bench"},
                headers={"Authorization": f"Bearer {BENCH_TOKEN}"},
            )
            headers = {"Authorization": f"Bearer {created.json()['app_key']}"}
            ctx = TenantContext.bind(
                app.state.store,
                tenant_id="bench",
                settings=TenantSettings(),
                moment=SystemClock().now(),
            )
            started = time.perf_counter()
            users = await build(ctx, edges, WIRE_BATCH if wire else BATCH)
            print(f"built {edges:,} edges in {time.perf_counter() - started:.1f} s")
            viewer, other = users[0], users[1]
            ids = ",".join(users[2:22])

            def get(path: str, **params: str) -> Callable[[], Awaitable[object]]:
                async def call() -> None:
                    response = await client.get(path, params=params or None, headers=headers)
                    assert response.status_code == 200, response.text

                return call

            figures = {
                "suggestions (20)": get(f"/v1/users/{viewer}/suggestions"),
                "summary of 20 ids": get(f"/v1/users/{viewer}/relationships", ids=ids),
                "counts": get(f"/v1/users/{viewer}/counts"),
                "mutual friends": get(f"/v1/users/{viewer}/mutual-friends/{other}"),
            }
            rates = {name: await rate(call, rounds=30) for name, call in figures.items()}
            for name, value in rates.items():
                print(f"{name:20s} {value:8.1f}/s")
            ratio = rates["suggestions (20)"] / rates["summary of 20 ids"]
            print(f"suggestions rate / summary rate: {ratio:.2f}")
            print(f"backend: {'wire (mongoeco, transactions)' if wire else 'embedded'}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--edges", type=int, default=100_000)
    parser.add_argument("--wire", action="store_true")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.edges, arguments.wire))
