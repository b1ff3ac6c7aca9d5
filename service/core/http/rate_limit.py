"""Per-tenant request rate limits, on the ``limits`` library.

A tenant may make ``burst`` requests at once and ``per_second`` on average: the limit is a moving
window of ``burst`` requests per ``burst / per_second`` seconds. ``limits`` counts in whole
seconds, so the window is rounded to whole seconds and a burst below one second's worth is
raised to it. The tenant's own settings win over the process defaults; 0 requests per second
means no limit.

Where the counts live: MongoDB when the service uses MongoDB (every replica shares them), memory
on the embedded backend (one process), or any ``limits`` storage URI given in
``RELATIONSHIPS_RATE_LIMIT_STORAGE_URI``.

Every answer to a limited request carries the IETF RateLimit headers
(draft-ietf-httpapi-ratelimit-headers): ``RateLimit-Policy: "tenant";q=<burst>;w=<seconds>`` and
``RateLimit: "tenant";r=<remaining>;t=<seconds until the window frees a request>``; a 429 adds
``Retry-After``.

The clock: ``limits``' strategies and storages read ``time.time()`` themselves and take no clock.
The limiter takes its ``now`` (for ``Retry-After``) from the service's clock; a test that moves
time replaces ``time`` as ``limits.aio.storage.memory`` sees it with the same fake clock.

No worker threads: the memory storage's expiry step runs on the event loop (see
:class:`MemoryStorage`), so a request costs no thread-pool hop.
"""

import asyncio
import bisect
import logging
import math
from collections.abc import Callable

from fastapi import Request
from limits import RateLimitItem, RateLimitItemPerSecond
from limits.aio.storage import MemoryStorage as LimitsMemoryStorage
from limits.aio.storage import MongoDBStorage, Storage
from limits.aio.storage import memory as limits_memory
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string

from models.tenant import Tenant, TenantSettings
from service.core.errors import RateLimited
from service.core.settings import Settings

log = logging.getLogger(__name__)


def _storage_time() -> float:
    """The time as the library's memory storage reads it (a test's fake clock replaces it)."""
    now: float = limits_memory.time.time()  # type: ignore[attr-defined]  # its module's import
    return now


class MemoryStorage(LimitsMemoryStorage):
    """``limits``' memory storage, its expiry step on the event loop.

    After each hit the library trims expired window entries in a task that hands the search
    (a bisect over one tenant's window) to a worker thread: a thread-pool hop per request for
    microseconds of work. This runs the same trim inline, reading time where the library does.
    It overrides a private method, so tests/test_thread_pool.py counts the hops.
    """

    async def _MemoryStorage__expire_events(self) -> None:  # noqa: N802 - the library's name
        try:
            now = _storage_time()
            for key in list(self.events):
                async with self.locks[key]:
                    live = bisect.bisect_left(
                        self.events.get(key, []), -now, key=lambda event: -event.expiry
                    )
                    if self.events.get(key):
                        self.events[key] = self.events[key][:live]
                    if not self.events.get(key):
                        self.events.pop(key, None)
                        self.locks.pop(key, None)
            for key in list(self.expirations):
                if self.expirations[key] <= _storage_time():
                    self.storage.pop(key, None)
                    self.expirations.pop(key, None)
                    self.locks.pop(key, None)
        except asyncio.CancelledError:
            return


def rate_limit_storage(settings: Settings) -> Storage:
    if settings.rate_limit_storage_uri:
        storage = storage_from_string(settings.rate_limit_storage_uri)
        if type(storage) is LimitsMemoryStorage:
            storage = MemoryStorage()
    elif settings.mongodb_uri:
        # Beside the service's collections, so one database holds (and drops) everything.
        storage = MongoDBStorage(
            f"async+{settings.mongodb_uri}",
            database_name=settings.database_name,
            counter_collection_name="rate_limit_counters",
            window_collection_name="rate_limit_windows",
        )
    else:
        storage = MemoryStorage()
    if not isinstance(storage, Storage):
        raise ValueError("RELATIONSHIPS_RATE_LIMIT_STORAGE_URI must name an async+ storage")
    return storage


def window(per_second: float, burst: int) -> RateLimitItem:
    """``burst`` requests per ``burst / per_second`` seconds, in whole seconds."""
    amount = max(burst, math.ceil(per_second))
    seconds = max(1, round(amount / per_second))
    return RateLimitItemPerSecond(amount, seconds, namespace="tenant")


class TenantRateLimiter:
    def __init__(
        self,
        storage: Storage,
        *,
        default_per_second: float,
        default_burst: int,
        now: Callable[[], float],
    ) -> None:
        self.storage = storage
        self._strategy = MovingWindowRateLimiter(storage)
        self._default_per_second = default_per_second
        self._default_burst = default_burst
        self._now = now

    def limit_for(self, settings: TenantSettings) -> RateLimitItem | None:
        per_second = settings.rate_limit_per_second
        if per_second is None:
            per_second = self._default_per_second
        if per_second == 0:
            return None
        return window(per_second, settings.rate_limit_burst or self._default_burst)

    async def admit(self, tenant_id: str, settings: TenantSettings) -> dict[str, str]:
        """Count one request of the tenant and answer its RateLimit headers, or raise
        :class:`RateLimited` (with them) when over the limit."""
        limit = self.limit_for(settings)
        if limit is None:
            return {}
        admitted = await self._strategy.hit(limit, tenant_id)
        stats = await self._strategy.get_window_stats(limit, tenant_id)
        reset = max(0, math.ceil(stats.reset_time - self._now()))
        headers = {
            "RateLimit-Policy": f'"tenant";q={limit.amount};w={limit.get_expiry()}',
            "RateLimit": f'"tenant";r={stats.remaining};t={reset}',
        }
        if admitted:
            return headers
        raise RateLimited(
            f"This tenant may make {limit.amount} requests per {limit.get_expiry()} s.",
            retry_after_seconds=reset,
            rate_limit_headers=headers,
        )

    def close(self) -> None:
        if isinstance(self.storage, LimitsMemoryStorage) and self.storage.timer is not None:
            self.storage.timer.cancel()  # its expiry task would outlive the event loop
        if isinstance(self.storage, MongoDBStorage):
            self.storage.storage.close()  # its own Motor client


async def enforce_rate_limit(request: Request, tenant: Tenant) -> None:
    """Called by the auth dependency once it knows the tenant (which declares ``RateLimited``)."""
    limiter: TenantRateLimiter = request.app.state.rate_limiter
    # Read by RequestObserver, which adds them to whatever this request is answered.
    request.state.rate_limit_headers = await limiter.admit(tenant.tenant_id, tenant.settings)
