"""Prints figures, asserts nothing: run with ``.venv-wire/bin/python -m benchmarks.rate_limit``
(the wire tier: Python >= 3.13; the memory rows run on any Python).

The cost of one rate-limit check as the rate grows, side by side: the moving window the
service used before (``limits``' MovingWindowRateLimiter: hit, then its window stats) against
the aligned fixed window it uses now (service/core/http/rate_limit.py: one increment). The
window is first filled with N requests (one call), then checks are timed; the ratio column is
moving / fixed at the same N, on the same storage. The MongoDB storage runs on the wire server
over a socket, as the service's counters would.
"""

import argparse
import asyncio
import statistics
import time
import uuid

from limits import RateLimitItemPerSecond
from limits.aio.storage import MongoDBStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter

from service.core.http.rate_limit import AlignedWindowCounter, MemoryStorage, RateWindow

WINDOW_SECONDS = 3600  # long enough that nothing leaves the window while measuring
arguments = argparse.ArgumentParser(description=__doc__)
arguments.add_argument("--sizes", default="100,1000,10000,100000", help="requests in the window")
arguments.add_argument("--checks", type=int, default=200, help="checks timed per size")
arguments.add_argument("--wire-sizes", type=int, default=3, help="how many sizes on the wire")
options = arguments.parse_args()
CHECKS: int = options.checks
SIZES = tuple(int(size) for size in options.sizes.split(","))


async def moving(storage: Storage, filled: int) -> float:
    limiter = MovingWindowRateLimiter(storage)
    item = RateLimitItemPerSecond(10 * filled + 10 * CHECKS, WINDOW_SECONDS, namespace="bench")
    key = uuid.uuid4().hex
    await storage.acquire_entry(item.key_for(key), item.amount, WINDOW_SECONDS, amount=filled)  # type: ignore[attr-defined]
    timings = []
    for _ in range(CHECKS):
        started = time.perf_counter()
        await limiter.hit(item, key)
        await limiter.get_window_stats(item, key)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


async def fixed(storage: Storage, filled: int) -> float:
    counter = AlignedWindowCounter(storage)
    window = RateWindow("bench", 10 * filled + 10 * CHECKS, WINDOW_SECONDS)
    key = uuid.uuid4().hex
    now = time.time()
    await storage.incr(window.item().key_for(key, str(int(now // WINDOW_SECONDS))), 60, filled)
    timings = []
    for _ in range(CHECKS):
        started = time.perf_counter()
        await counter.count(window, key, now=now)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


async def table(name: str, storage: Storage, sizes: tuple[int, ...]) -> None:
    print(f"\n{name}: median us per check ({CHECKS} checks)")
    print(f"{'requests in window':>20} {'moving window':>14} {'fixed (now)':>12} {'ratio':>7}")
    for filled in sizes:
        slow, fast = await moving(storage, filled), await fixed(storage, filled)
        print(f"{filled:>20,} {slow * 1e6:>14.0f} {fast * 1e6:>12.0f} {slow / fast:>7.1f}")


async def main() -> None:
    await table("memory storage", MemoryStorage(), SIZES)
    try:
        from tests.wire.server import start_wire_server

        uri = start_wire_server()
    except RuntimeError as error:
        print(f"\n(no wire server: {error})")
        return
    storage = MongoDBStorage(f"async+{uri}", database_name=f"bench_{uuid.uuid4().hex[:8]}")
    # The moving window rewrites one document holding every entry: 100,000 takes minutes.
    await table("MongoDB storage on the wire server", storage, SIZES[: options.wire_sizes])


if __name__ == "__main__":
    asyncio.run(main())
