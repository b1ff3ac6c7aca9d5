"""Whether the database is known to be unreachable, and the ping that finds it back.

Without it, every request during an outage waits the driver's whole server-selection timeout
(30 s) before its 503. Once a call has failed to reach the database, calls fail at once
instead (503 with ``Retry-After``), and a background task pings the database until it answers
again.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import pymongo

from service.core.data.database.errors import (
    ConnectionFailure,
    DatabaseDown,
    OperationCancelled,
    PyMongoError,
    WaitQueueTimeoutError,
)

log = logging.getLogger(__name__)

# While the database is known to be down, how often it is pinged, how long a ping may wait for
# a server, and what clients are told to wait before they try again.
PING_EVERY_SECONDS = 0.5
PING_TIMEOUT_SECONDS = 2.0
RETRY_AFTER_SECONDS = 2


class Outage:
    def __init__(self, ping: Callable[[], Awaitable[Any]]) -> None:
        self._ping = ping
        self._recovery: asyncio.Task[None] | None = None

    @property
    def down(self) -> bool:
        return self._recovery is not None and not self._recovery.done()

    def check(self) -> None:
        if self.down:
            raise DatabaseDown(
                "The database is unreachable; the service checks it every "
                f"{PING_EVERY_SECONDS} s and answers again as soon as it is back."
            )

    def noticed(self, error: BaseException) -> None:
        """``error`` came from the driver: if it says the database is unreachable, go down."""
        if not isinstance(error, ConnectionFailure) or isinstance(
            error, DatabaseDown | OperationCancelled | WaitQueueTimeoutError
        ):
            return  # a full connection pool, or an abandoned operation, is no outage
        if not self.down:
            log.error("database unreachable: %s; failing fast until it answers a ping", error)
            self._recovery = asyncio.get_running_loop().create_task(self._recover())

    async def _recover(self) -> None:
        while True:
            try:
                with pymongo.timeout(PING_TIMEOUT_SECONDS):
                    await self._ping()
            except PyMongoError:
                await asyncio.sleep(PING_EVERY_SECONDS)
                continue
            log.warning("database reachable again")
            return
