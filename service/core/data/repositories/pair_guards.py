"""The ``pair_guards`` repository: what serialises every step on one pair of users.

Under transactions a step bumps its pair's guard first, so two steps on one pair write the same
document and one of them re-runs. Without transactions the guard is a lease: taken before the
step, released after it, and expiring by itself if the process dies while holding it.
"""

import asyncio
import hashlib
import random
import secrets
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

from indexes import PairGuardIndex
from service.core.data.database import StaleWrite, Upsert
from service.core.data.tenancy import TenantCollection
from service.core.errors import Conflict

LEASE_SECONDS = 30.0  # far longer than any step, even on a loaded machine; how long a dead
# process can hold a pair (a step that outlived its lease could interleave with the next one).
# The default of RELATIONSHIPS_LEASE_SECONDS, which the store passes in.
WAIT_SECONDS = 10.0  # how long a step waits for a busy pair before answering 409
_FIRST_PAUSE_SECONDS = 0.002
_LONGEST_PAUSE_SECONDS = 0.1


def pair_key(a: str, b: str) -> str:
    """The same key whichever side acts; a digest, so that a guard never names a user (an
    erased user leaves no id behind in it)."""
    return hashlib.sha256("|".join(["pair", *sorted((a, b))]).encode()).hexdigest()


def user_key(user: str) -> str:
    """The guard of one user's own count (a cap), beside the pairs' guards."""
    return hashlib.sha256(f"user|{user}".encode()).hexdigest()


def pair_keys(pairs: Iterable[tuple[str, str]]) -> list[str]:
    return sorted({pair_key(a, b) for a, b in pairs})


def _wall_clock() -> datetime:
    # Leases are about real processes dying, so they follow real time, not the request's clock.
    return datetime.now(UTC)


class PairGuardRepository:
    def __init__(
        self, collection: TenantCollection, *, lease_seconds: float = LEASE_SECONDS
    ) -> None:
        self._collection = collection
        self._lease_seconds = lease_seconds
        # The lease the running step holds, and the user guards it took on the way (a request
        # runs one step at a time, and this repository lives for one request).
        self._holder: str | None = None
        self._held: list[str] = []

    async def touch(self, keys: Sequence[str]) -> None:
        """Bump each pair's guard: inside a transaction, this makes racing steps conflict."""
        now = _wall_clock()
        failed = await self._collection.upsert_many(
            [Upsert({"pair": k}, {"$inc": {"seq": 1}, "$set": {"touched_at": now}}) for k in keys],
            index=PairGuardIndex.PAIR,
        )
        if failed:  # two steps created the same guard at once: a lost race, run it again
            raise StaleWrite(f"pair guards {[keys[i] for i in failed]} created concurrently")

    @asynccontextmanager
    async def leased(self, keys: Sequence[str]) -> AsyncIterator[None]:
        """Hold a lease on every pair of ``keys`` for the duration of the block."""
        if self._holder is not None:  # a step inside a step: only on pairs it already holds
            if not set(keys) <= set(self._held):
                raise RuntimeError("a step inside a leased step may not take other pairs")
            yield
            return
        holder = secrets.token_hex(8)
        self._holder, self._held = holder, list(keys)
        try:
            await self._wait_for(keys, holder)
            yield
        finally:
            # Also when the wait failed or the request was cancelled half-way through it: a
            # lease taken in bulk is given back, not left to expire.
            self._holder = None
            await asyncio.shield(self._release(self._held, holder))

    async def hold(self, key: str) -> None:
        """Inside a leased step: also hold ``key`` (a user's guard) until the step ends.

        Steps take these only after their pairs, one at a time in sorted order (``caps``), so
        no two steps can each hold what the other waits for.
        """
        if self._holder is None:
            raise RuntimeError("hold() belongs inside a leased step")
        if key not in self._held:
            await self._wait_for([key], self._holder)
            self._held.append(key)

    async def _wait_for(self, keys: Sequence[str], holder: str) -> None:
        deadline = _wall_clock() + timedelta(seconds=WAIT_SECONDS)
        pause = _FIRST_PAUSE_SECONDS
        while not await self._acquire(keys, holder):
            if _wall_clock() >= deadline:
                raise Conflict("Other requests on the same users are still running; retry.")
            await asyncio.sleep(random.uniform(pause / 2, pause))
            pause = min(pause * 2, _LONGEST_PAUSE_SECONDS)

    async def _acquire(self, keys: Sequence[str], holder: str) -> bool:
        """All or nothing: a batch that gets only some pairs gives them back and waits, so two
        batches can never hold part of each other's pairs and wait forever."""
        now = _wall_clock()
        until = now + timedelta(seconds=self._lease_seconds)
        # A free guard has no lease or an expired one; a held guard does not match, so the
        # upsert tries to create it again and the unique index refuses: that pair is busy.
        failed = await self._collection.upsert_many(
            [
                Upsert(
                    {"pair": k, "lease_until": {"$not": {"$gt": now}}},
                    {"$set": {"lease_until": until, "holder": holder, "touched_at": now}},
                )
                for k in keys
            ],
            index=PairGuardIndex.PAIR,
        )
        if failed and len(failed) < len(keys):
            await self._release(keys, holder)
        return not failed

    async def _release(self, keys: Sequence[str], holder: str) -> None:
        await self._collection.update_many(
            {"pair": {"$in": list(keys)}, "holder": holder},
            {"$set": {"lease_until": None, "holder": None}},
            index=PairGuardIndex.PAIR,
        )
