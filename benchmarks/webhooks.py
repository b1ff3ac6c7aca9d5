"""Prints figures, asserts nothing: run with ``.venv/bin/python -m benchmarks.webhooks``.

Two servers side by side on the embedded backend, each a real uvicorn on a loopback port with
its delivery worker running: one with no webhook (off), one with a webhook to a local receiver
(on). The same follows are written to each by concurrent clients, alternating; it prints the
API's write rate in both and their ratio (the goal: at least 0.8), and, for "on", the events per
second received at the local receiver (first receipt to last) and the change-to-receipt latency.
The feed's lag is 1 s here (``RELATIONSHIPS_FEED_LAG_SECONDS``; by default two step budgets and
1 s) and a delivery waits for it; past that, the latency is the worker catching up.
"""

import argparse
import asyncio
import statistics
import time
from datetime import datetime

import httpx

from service.core.settings import Settings
from tests.helpers import OPERATOR_TOKEN, operator_headers
from tests.wire.served import served
from tests.wire.webhook_receiver import receiving

LAG_SECONDS = 1.0


def _settings() -> Settings:
    return Settings(
        mongodb_uri=None,
        operator_token=OPERATOR_TOKEN,
        demo_tenant=False,
        rate_limit_per_second=0,
        feed_lag_seconds=LAG_SECONDS,
        webhook_allow_private_targets=True,
        webhook_worker=True,
    )


async def _writes(base: str, key: str, writes: int, concurrency: int, first: int) -> float:
    """Write ``writes`` new follows (numbered from ``first``) from ``concurrency`` clients;
    answers writes per second."""
    headers = {"Authorization": f"Bearer {key}"}
    queue = list(range(first, first + writes))
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60) as client:

        async def one_client() -> None:
            while queue:
                i = queue.pop()
                response = await client.put(f"/v1/users/u{i % 50}/following/v{i}")
                assert response.status_code in (200, 201), response.text

        started = time.perf_counter()
        await asyncio.gather(*(one_client() for _ in range(concurrency)))
        return writes / (time.perf_counter() - started)


def _tenant(base: str) -> dict[str, str]:
    created = httpx.post(
        f"{base}/v1/operator/tenants",
        json={"tenant_id": "bench", "name": "Bench"},
        headers=operator_headers(),
    )
    keys: dict[str, str] = created.json()
    return keys


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writes", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3, help="alternations of off and on")
    args = parser.parse_args()
    batch = max(1, args.writes // args.rounds)
    with (
        receiving() as (url, received),
        served(_settings()) as off_base,
        served(_settings()) as on_base,
    ):
        off_keys, on_keys = _tenant(off_base), _tenant(on_base)
        hook = httpx.post(
            f"{on_base}/v1/admin/webhooks",
            json={"url": url},
            headers={"Authorization": f"Bearer {on_keys['admin_key']}"},
        )
        assert hook.status_code == 201, hook.text
        off_seconds = on_seconds = 0.0
        # Alternated, so that the machine's other load falls on both alike.
        for number in range(args.rounds):
            off_seconds += batch / asyncio.run(
                _writes(off_base, off_keys["app_key"], batch, args.concurrency, number * batch)
            )
            on_seconds += batch / asyncio.run(
                _writes(on_base, on_keys["app_key"], batch, args.concurrency, number * batch)
            )
        total = batch * args.rounds
        deadline = time.monotonic() + 120 + total / 10
        while len(received.ids()) < total and time.monotonic() < deadline:
            time.sleep(0.05)
        with received.lock:
            arrivals = sorted(received.arrivals)
            latencies = [
                (arrived - datetime.fromisoformat(payload["timestamp"])).total_seconds()
                for (_, payload), arrived in zip(
                    received.deliveries, received.arrivals, strict=True
                )
            ]
    off, on = total / off_seconds, total / on_seconds
    print(f"writes: {total} each, {args.concurrency} concurrent clients, feed lag {LAG_SECONDS} s")
    print(f"API write rate, webhooks off: {off:8.1f} writes/s")
    print(f"API write rate, webhooks on:  {on:8.1f} writes/s")
    print(f"delivered: {len(latencies)} of {total} events")
    if len(arrivals) > 1:
        span = (arrivals[-1] - arrivals[0]).total_seconds()
        print(f"delivery rate: {(len(arrivals) - 1) / span:8.1f} events/s (first receipt to last)")
    if latencies:
        print(
            f"change-to-receipt latency: p50 {statistics.median(latencies):.2f} s, "
            f"max {max(latencies):.2f} s (the lag is {LAG_SECONDS} s)"
        )
    print(f"write rate on / off: {on / off:.2f} (goal >= 0.8)")


if __name__ == "__main__":
    main()
