"""Round trips per API call, the time spent awaiting the driver, and its bound.

The middleware reads them into the ``x-db-round-trips`` header, the log line and the metrics.
Inside a step, each driver call gets the step's time left as its timeout (pymongo's
``timeout``: a call that waited past it for a connection or one of Motor's threads is refused
at once): a call that runs out of it ends the step as out of time (409 ``conflict``), not as
an outage.
"""

import asyncio
import inspect
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar

from service.core.data.database.errors import (
    OUT_OF_TIME,
    ConnectionFailure,
    PyMongoError,
    ServerSelectionTimeoutError,
)
from service.core.data.database.outage import Outage
from service.core.errors import Conflict

T = TypeVar("T")


@dataclass(frozen=True)
class StepTime:
    """What a driver call of a step may take: ``seconds`` (waiting included), and the
    driver's own timeout for them, which it takes along into the call."""

    seconds: float
    driver_timeout: AbstractContextManager[object]


# The next call's share of the running step's time (None: no step's time runs); it raises
# the step's Conflict itself when none is left, and nothing is sent.
Bound = Callable[[], StepTime | None]


def _driver_timeout(limit: StepTime | None) -> AbstractContextManager[object]:
    return nullcontext() if limit is None else limit.driver_timeout


def unbounded() -> None:
    return None


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

    def __init__(self, target: Any, outage: Outage, bound: Bound = unbounded) -> None:
        self._target = target
        self._outage = outage  # checked before each call, told of each failure
        self._bound = bound  # the running step's time, bounding each call

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._target, name)
        if not callable(attribute):
            return attribute

        def call(*args: Any, **kwargs: Any) -> Any:
            self._outage.check()
            limit = self._bound()
            with _driver_timeout(limit):  # Motor takes it into its thread here
                result = attribute(*args, **kwargs)
            if name in self._CURSOR_RETURNING:
                return Timed(result, self._outage, self._bound)
            # Motor answers with futures, mongomock-motor with coroutines: time either.
            if inspect.isawaitable(result):
                return timed(result, self._outage, limit)
            return result

        return call

    async def __aiter__(self) -> AsyncIterator[Any]:
        """A cursor iterated batch by batch: each fetch is timed like any awaited call."""
        iterator = self._target.__aiter__()
        while True:
            try:
                limit = self._bound()
                with _driver_timeout(limit):
                    fetched = iterator.__anext__()
                item = await timed(fetched, self._outage, limit)
            except StopAsyncIteration:
                return
            yield item


async def timed(awaitable: Awaitable[T], outage: Outage, limit: StepTime | None = None) -> T:
    """``limit``: the call's share of its step's time, if it is a step's. The driver's timeout
    ends the call itself; waiting for it (for one of Motor's threads, say) ends here."""
    started = time.perf_counter()
    try:
        if limit is None:
            return await awaitable
        try:
            async with asyncio.timeout(limit.seconds):
                with limit.driver_timeout:  # pymongo's own coroutines read it as they run
                    return await awaitable
        except TimeoutError as error:
            raise Conflict(OUT_OF_TIME) from error
    except PyMongoError as error:
        # The step's time ran out during the call (an unreachable server still is an outage).
        unreachable = isinstance(error, ServerSelectionTimeoutError)
        if limit is not None and error.timeout and not unreachable:
            raise Conflict(OUT_OF_TIME) from error
        if isinstance(error, ConnectionFailure):
            outage.noticed(error)
        raise
    finally:
        counter = _round_trips.get()
        if counter is not None:
            counter.seconds += time.perf_counter() - started
