"""Slowing down key guessing: a client address that keeps presenting unknown keys is refused.

The tenant rate limit needs the tenant, so it cannot count a request whose key matches none.
This limiter counts those failures per client address (and wrong operator tokens), and is
consulted before the key lookup: once an address has used up its failures for the minute, its
requests are answered 429 without a lookup, known key or not. Behind a proxy the address is the
one the ASGI server reports (uvicorn's ``--forwarded-allow-ips`` makes it the client's).
"""

import math
from collections.abc import Callable

from fastapi import Request
from limits import RateLimitItemPerMinute
from limits.aio.storage import Storage
from limits.aio.strategies import MovingWindowRateLimiter

from service.core.errors import RateLimited, raises


class KeyGuessingLimiter:
    def __init__(self, storage: Storage, *, per_minute: int, now: Callable[[], float]) -> None:
        self._strategy = MovingWindowRateLimiter(storage)
        self._limit = (
            RateLimitItemPerMinute(per_minute, namespace="unknown-key") if per_minute else None
        )
        self._now = now

    async def check(self, address: str) -> None:
        """Raise :class:`RateLimited` while ``address`` has no unknown-key attempts left."""
        if self._limit is None or await self._strategy.test(self._limit, address):
            return
        stats = await self._strategy.get_window_stats(self._limit, address)
        raise RateLimited(
            f"Too many requests with unknown keys from this address "
            f"(at most {self._limit.amount} a minute).",
            retry_after_seconds=math.ceil(stats.reset_time - self._now()),
        )

    async def failed(self, address: str) -> None:
        """Count one request from ``address`` whose credential matched nothing."""
        if self._limit is not None:
            await self._strategy.hit(self._limit, address)


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@raises(RateLimited)
async def refuse_key_guessing(request: Request) -> None:
    """Called by the auth dependencies before they look a credential up."""
    limiter: KeyGuessingLimiter = request.app.state.key_guessing
    await limiter.check(_address(request))


async def count_unknown_key(request: Request) -> None:
    """Called by the auth dependencies when a credential matched nothing."""
    limiter: KeyGuessingLimiter = request.app.state.key_guessing
    await limiter.failed(_address(request))
