"""The ``pair_guards`` repository: the documents that serialise every step on one pair of users.

Under transactions a step bumps its pair's guard first, so two steps on one pair write the same
document and one of them re-runs. Without transactions the guard is a lease: taken before the
step, released after it, and expiring by itself if the process dies while holding it. Who holds
what, and for how long a step waits, is the step runner's (``service.core.steps.runner``).
"""

import hashlib
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta

from indexes import PairGuardIndex
from service.core.data.database import StaleWrite, Upsert
from service.core.data.tenancy import TenantCollection

LEASE_SECONDS = 30.0  # far longer than any step, even on a loaded machine; how long a dead
# process can hold a pair (a step that outlived its lease could interleave with the next one).
# The default of RELATIONSHIPS_LEASE_SECONDS, which the store passes in.


def pair_key(a: str, b: str) -> str:
    """The same key whichever side acts; a digest, so that a guard never names a user (an
    erased user leaves no id behind in it)."""
    return hashlib.sha256("|".join(["pair", *sorted((a, b))]).encode()).hexdigest()


def pair_digest(a: str, b: str) -> int:
    """The pair's key in 64 bits, for a field on every history event (8 bytes where the whole
    key takes 64): two pairs may share one, so a read by it also filters by the two users."""
    return int.from_bytes(bytes.fromhex(pair_key(a, b))[:8], "big", signed=True)


def user_key(user: str) -> str:
    """The guard of one user's own count (a cap), beside the pairs' guards."""
    return hashlib.sha256(f"user|{user}".encode()).hexdigest()


def tenant_key(what: str) -> str:
    """The guard of one count of the whole tenant (its webhooks), beside the users' guards."""
    return hashlib.sha256(f"tenant|{what}".encode()).hexdigest()


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

    async def touch(self, keys: Sequence[str]) -> None:
        """Bump each pair's guard: inside a transaction, this makes racing steps conflict."""
        now = _wall_clock()
        failed = await self._collection.upsert_many(
            [Upsert({"pair": k}, {"$inc": {"seq": 1}, "$set": {"touched_at": now}}) for k in keys],
            index=PairGuardIndex.PAIR,
        )
        if failed:  # two steps created the same guard at once: a lost race, run it again
            raise StaleWrite(f"pair guards {[keys[i] for i in failed]} created concurrently")

    async def acquire(self, keys: Sequence[str], holder: str) -> bool:
        """A lease on every one of ``keys`` for ``holder``, or on none: a batch that gets only
        some pairs gives them back, so two batches can never hold part of each other's pairs
        and wait forever."""
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
            await self.release(keys, holder)
        return not failed

    async def release(self, keys: Sequence[str], holder: str) -> None:
        await self._collection.update_many(
            {"pair": {"$in": list(keys)}, "holder": holder},
            {"$set": {"lease_until": None, "holder": None}},
            index=PairGuardIndex.PAIR,
        )
