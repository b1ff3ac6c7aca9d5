"""The ``user_counts`` repository: each user's counts, as slot documents summed on read.

Writes add a change's deltas to one slot of each user it touches, picked at random, in one
round trip; reads sum a user's slots (at most ``SLOTS`` documents each), so their cost never
depends on how large a count is.
"""

import random
from collections.abc import Mapping, Sequence
from typing import Any

from bson import ObjectId

from indexes import UserCountIndex
from service.core.data.counting import Count, Tally
from service.core.data.database import Upsert
from service.core.data.pagination import OLDEST_FIRST
from service.core.data.tenancy import TenantCollection

# Concurrent changes to one user's counts write one of this many documents each: enough that
# a burst of follows of one celebrity rarely meets on one, few enough that a read of 100
# users stays small.
SLOTS = 16
Counts = dict[Count, int]


def _empty() -> Counts:
    return dict.fromkeys(Count, 0)


class CountRepository:
    def __init__(self, collection: TenantCollection) -> None:
        self._collection = collection

    async def apply(self, tally: Tally) -> None:
        """Add the tally's deltas, one random slot per user, in one round trip."""
        changes = tally.by_user()
        if not changes:
            return
        await self._add(changes, slot=None)

    async def _add(self, changes: Mapping[str, Mapping[Count, int]], *, slot: int | None) -> None:
        upserts = [
            Upsert(
                {"user_id": user, "slot": random.randrange(SLOTS) if slot is None else slot},
                {"$inc": {str(count): delta for count, delta in deltas.items()}},
            )
            for user, deltas in sorted(changes.items())
        ]
        await self._collection.increment_many(upserts, index=UserCountIndex.SLOT)

    async def correct(self, changes: Mapping[str, Mapping[Count, int]]) -> None:
        """Add corrections found by a recount (to slot 0; the sum is what counts)."""
        if changes:
            await self._add(changes, slot=0)

    async def of(self, users: Sequence[str]) -> dict[str, Counts]:
        """Each user's counts (all zero for a user with none), in one query."""
        wanted = sorted(set(users))
        found = {user: _empty() for user in wanted}
        if not wanted:
            return found
        query: dict[str, Any] = {"user_id": wanted[0] if len(wanted) == 1 else {"$in": wanted}}
        for document in await self._collection.find(query, index=UserCountIndex.SLOT):
            counts = found[document["user_id"]]
            for count in Count:
                counts[count] += int(document.get(count.value, 0))
        return found

    async def scan(self, *, after: ObjectId | None, limit: int) -> list[dict[str, Any]]:
        """The tenant's slot documents in batches, oldest first, after the ``_id`` ``after``."""
        query = {"_id": {"$gt": after}} if after is not None else {}
        return await self._collection.find(
            query, index=UserCountIndex.SCAN, sort=OLDEST_FIRST, limit=limit
        )

    async def erase_user(self, user_id: str) -> int:
        return await self._collection.delete_many({"user_id": user_id}, index=UserCountIndex.SLOT)
