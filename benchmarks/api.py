"""Prints figures, asserts nothing: run with ``.venv/bin/python -m benchmarks.api``.

Measured in one run on the embedded backend (or on ``MONGODB_URI``), through the ASGI app:
1. one summary call for 100 ids against 100 summary calls for one id each;
2. one list page (50 items) when the user has 200 followers and when they have 2,000;
3. the summary of 20 ids against a minimal endpoint that does the same key lookup and one raw
   ``$or`` query straight on the driver (the floor any summary could reach): aim for >= 0.8x.
Figures are ratios within the run, so a noisy shared machine shifts both sides alike.
"""

import argparse
import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable

import httpx
from asgi_lifespan import LifespanManager
from fastapi import FastAPI, Request

from service.app import create_app
from service.core.http.auth import find_by_key
from service.core.settings import Settings

ROUNDS = 20
BENCH_TOKEN = "bench-operator-token-0123456789abcdef"


async def timed(action: Callable[[], Awaitable[object]], rounds: int = ROUNDS) -> float:
    """Median seconds per call."""
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        await action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def add_raw_summary(app: FastAPI) -> None:
    """The floor: key lookup, then one ``$or`` query on the driver, no rules, no views."""

    @app.get("/bench/raw-summary/{viewer}")
    async def raw_summary(viewer: str, ids: str, request: Request) -> dict[str, int]:
        store = request.app.state.store
        key = request.headers["authorization"].removeprefix("Bearer ")
        found = await find_by_key(request, store, key, now=0.0)  # the same key cache
        assert found is not None
        tenant_id, others = found.tenant.tenant_id, ids.split(",")
        query = {
            "$or": [
                {"user_id": viewer, "tenant_id": tenant_id, "target_user_id": {"$in": others}},
                {"target_user_id": viewer, "tenant_id": tenant_id, "user_id": {"$in": others}},
            ]
        }
        documents = await store.database["user_relationships"].find(query).to_list(None)
        return {"edges": len(documents)}


async def main(small: int, large: int, rounds: int) -> None:
    settings = Settings(operator_token=BENCH_TOKEN, demo_tenant=False, rate_limit_per_second=0)
    app = create_app(settings)
    add_raw_summary(app)
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            created = await client.post(
                "/v1/operator/tenants",
                json={"tenant_id": "bench", "name": "Bench"},
                headers={"Authorization": f"Bearer {BENCH_TOKEN}"},
            )
            headers = {"Authorization": f"Bearer {created.json()['app_key']}"}
            others = [f"user{i}" for i in range(100)]
            for other in others[::2]:
                await client.put(f"/v1/users/viewer/following/{other}", headers=headers)

            async def batch() -> None:
                await client.get(
                    "/v1/users/viewer/relationships",
                    params={"ids": ",".join(others)},
                    headers=headers,
                )

            async def one_by_one() -> None:
                for other in others:
                    await client.get(
                        "/v1/users/viewer/relationships", params={"ids": other}, headers=headers
                    )

            batched, single = await timed(batch, rounds), await timed(one_by_one, rounds=3)
            print(f"summary, 100 ids in one call:   {batched * 1000:8.2f} ms")
            print(f"summary, 100 calls of one id:   {single * 1000:8.2f} ms")
            print(f"  ratio (one-by-one / batched): {single / batched:8.1f}x")

            pages = {}
            for size, star in ((small, "small"), (large, "large")):
                for i in range(size):
                    await client.put(f"/v1/users/fan{i}/following/{star}", headers=headers)

                async def page(star: str = star) -> None:
                    await client.get(f"/v1/users/{star}/followers", headers=headers)

                pages[size] = await timed(page, rounds)
                print(f"followers page of 50, {size:5d} followers: {pages[size] * 1000:8.2f} ms")
            print(
                f"  ratio ({large:,} / {small:,} followers):   {pages[large] / pages[small]:8.1f}x"
            )

            twenty = ",".join(f"fan{i}" for i in range(0, large, max(1, large // 20)))

            async def summary() -> None:
                await client.get(
                    "/v1/users/large/relationships", params={"ids": twenty}, headers=headers
                )

            async def raw() -> None:
                await client.get(
                    "/bench/raw-summary/large", params={"ids": twenty}, headers=headers
                )

            full, floor = await timed(summary, 3 * rounds), await timed(raw, 3 * rounds)
            print(f"summary of 20 ids, {large:,} edges:  {full * 1000:8.2f} ms")
            print(f"raw key lookup + one $or query:  {floor * 1000:8.2f} ms")
            print(f"  summary rate / raw rate:         {floor / full:8.2f}x (aim: >= 0.8)")
            backend = "embedded (mongomock: no real indexes)" if settings.embedded else "MongoDB"
            print(f"backend: {backend}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=200, help="followers of the small star")
    parser.add_argument("--large", type=int, default=2000, help="followers of the large star")
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="calls per median")
    args = parser.parse_args()
    asyncio.run(main(args.small, args.large, args.rounds))
