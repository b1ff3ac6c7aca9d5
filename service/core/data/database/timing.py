"""Round trips per API call, and the time spent awaiting the driver.

The middleware reads them into the ``x-db-round-trips`` header, the log line and the metrics.
"""

import inspect
import time
from collections.abc import AsyncIterator, Awaitable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar

from service.core.data.database.errors import ConnectionFailure
from service.core.data.database.outage import Outage

T = TypeVar("T")


@dataclass
class RoundTrips:
    by_collection: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0  # time spent awaiting the driver (see Timed)

    @property
    def total(self) -> int:
        return sum(self.by_collection.values())

    def add(self, collection: str) -> None:
        self.by_collection[collection] = self.by_collection.get(collection, 0) + 1


_round_trips: ContextVar[RoundTrips | None] = ContextVar("round_trips", default=None)


@contextmanager
def count_round_trips() -> Iterator[RoundTrips]:
    counter = RoundTrips()
    token = _round_trips.set(counter)
    try:
        yield counter
    finally:
        _round_trips.reset(token)


def count(collection: str) -> None:
    counter = _round_trips.get()
    if counter is not None:
        counter.add(collection)


class Timed:
    """A driver collection (or cursor) whose awaited calls add their time to the counter.

    It wraps the object instead of each call site, so the timing sits beside the counting
    without touching the queries; what it does not time passes through unchanged.
    """

    _CURSOR_RETURNING = frozenset({"find", "sort", "limit"})

    def __init__(self, target: Any, outage: Outage) -> None:
        self._target = target
        self._outage = outage  # checked before each call, told of each failure

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._target, name)
        if not callable(attribute):
            return attribute

        def call(*args: Any, **kwargs: Any) -> Any:
            self._outage.check()
            result = attribute(*args, **kwargs)
            if name in self._CURSOR_RETURNING:
                return Timed(result, self._outage)
            # Motor answers with futures, mongomock-motor with coroutines: time either.
            return timed(result, self._outage) if inspect.isawaitable(result) else result

        return call

    async def __aiter__(self) -> AsyncIterator[Any]:
        """A cursor iterated batch by batch: each fetch is timed like any awaited call."""
        iterator = self._target.__aiter__()
        while True:
            try:
                item = await timed(iterator.__anext__(), self._outage)
            except StopAsyncIteration:
                return
            yield item


async def timed(awaitable: Awaitable[T], outage: Outage) -> T:
    started = time.perf_counter()
    try:
        return await awaitable
    except ConnectionFailure as error:
        outage.noticed(error)
        raise
    finally:
        counter = _round_trips.get()
        if counter is not None:
            counter.seconds += time.perf_counter() - started
