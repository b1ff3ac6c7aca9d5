"""The ``pair_guards`` collection: one small document per pair of users that a step touched.

Every step on a pair writes its guard first, so two steps on one pair always conflict: inside
transactions as a write conflict (one re-runs); without transactions as a lease that the
second waits for. ``pair`` is a SHA-256 digest of the two user ids in a fixed order, so a guard
names nobody.
"""

from datetime import datetime

from beanie import Document


class PairGuard(Document):
    tenant_id: str
    pair: str
    seq: int = 0  # bumped by every step under transactions
    touched_at: datetime  # idle guards are purged by a TTL index
    lease_until: datetime | None = None  # without transactions: held until then
    holder: str | None = None  # who holds the lease

    class Settings:
        name = "pair_guards"
