"""Per-tenant request rate limits, on the ``limits`` library.

A tenant may make ``burst`` requests at once and ``per_second`` on average: the limit is a
window of ``burst`` requests per ``burst / per_second`` seconds. ``limits`` counts in whole
seconds, so the window is rounded to whole seconds and a burst below one second's worth is
raised to it. The tenant's own settings win over the process defaults; 0 requests per second
means no limit. The per-user limit of user tokens (``user_rate_limit``) is the same window.

The window is ``limits``' fixed window, its windows aligned on the clock (the window's number
is part of the counter's key): a check is one counter increment, one storage call whatever the
rate, and the increment's answer alone gives the remaining count and the reset time. (The
moving window kept one entry per request in the window, rewrote them all on every check and
cost more the higher the rate; ``limits``' strategies read their stats in separate calls.) The
price: a client may spend a window's burst at its end and the next at the start of the next.

Where the counts live: MongoDB when the service uses MongoDB (every replica shares them; one
small counter document per tenant and window), memory on the embedded backend (one process),
or any ``limits`` storage URI given in ``RELATIONSHIPS_RATE_LIMIT_STORAGE_URI``: a Redis
(``async+redis://host:6379``) takes the counters off the database, an increment in memory.

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
from dataclasses import dataclass

from fastapi import Request
from limits import RateLimitItem, RateLimitItemPerSecond
from limits.aio.storage import MemoryStorage as LimitsMemoryStorage
from limits.aio.storage import MongoDBStorage, Storage
from limits.aio.storage import memory as limits_memory
from limits.aio.strategies import FixedWindowRateLimiter
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


@dataclass(frozen=True)
class RateWindow:
    """``amount`` requests per ``seconds``, named ``policy`` in the RateLimit headers."""

    policy: str
    amount: int
    seconds: int

    def item(self) -> RateLimitItem:
        return RateLimitItemPerSecond(self.amount, self.seconds, namespace=self.policy)


@dataclass(frozen=True)
class Verdict:
    admitted: bool
    remaining: int
    reset_seconds: int  # until the window ends

    def headers(self, window: RateWindow) -> dict[str, str]:
        return {
            "RateLimit-Policy": f'"{window.policy}";q={window.amount};w={window.seconds}',
            "RateLimit": f'"{window.policy}";r={self.remaining};t={self.reset_seconds}',
        }


def window(per_second: float, burst: int, *, policy: str = "tenant") -> RateWindow:
    """``burst`` requests per ``burst / per_second`` seconds, in whole seconds."""
    amount = max(burst, math.ceil(per_second))
    seconds = max(1, round(amount / per_second))
    return RateWindow(policy, amount, seconds)


class AlignedWindowCounter(FixedWindowRateLimiter):
    """``limits``' fixed window on windows aligned to the clock, counted in one storage call."""

    async def count(self, window: RateWindow, who: str, *, now: float) -> Verdict:
        number = math.floor(now / window.seconds)
        ends = (number + 1) * window.seconds
        # The strategy's own hit (an increment that starts the counter's expiry), keeping the
        # count it answers; the window's number in the key starts each window at zero.
        used = await self.storage.incr(
            window.item().key_for(who, str(number)), window.seconds, amount=1
        )
        return Verdict(
            admitted=used <= window.amount,
            remaining=max(0, window.amount - used),
            reset_seconds=max(0, math.ceil(ends - now)),
        )


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
        self._counter = AlignedWindowCounter(storage)
        self._default_per_second = default_per_second
        self._default_burst = default_burst
        self._now = now

    def limit_for(self, settings: TenantSettings) -> RateWindow | None:
        per_second = settings.rate_limit_per_second
        if per_second is None:
            per_second = self._default_per_second
        if per_second == 0:
            return None
        return window(per_second, settings.rate_limit_burst or self._default_burst)

    async def check(self, window: RateWindow, who: str) -> Verdict:
        """Count one request of ``who`` in ``window``."""
        return await self._counter.count(window, who, now=self._now())

    async def admit(self, tenant_id: str, settings: TenantSettings) -> dict[str, str]:
        """Count one request of the tenant and answer its RateLimit headers, or raise
        :class:`RateLimited` (with them) when over the limit."""
        limit = self.limit_for(settings)
        if limit is None:
            return {}
        verdict = await self.check(limit, tenant_id)
        headers = verdict.headers(limit)
        if verdict.admitted:
            return headers
        raise RateLimited(
            f"This tenant may make {limit.amount} requests per {limit.seconds} s.",
            retry_after_seconds=verdict.reset_seconds,
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
