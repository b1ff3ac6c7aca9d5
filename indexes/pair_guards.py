"""Indexes of ``pair_guards``."""

from enum import StrEnum

from indexes.spec import IndexSpec

IDLE_GUARD_SECONDS = 3600


class PairGuardIndex(StrEnum):
    PAIR = "tenant_pair_unique"
    IDLE = "touched_at_ttl"


# The pair is a digest of two ids, so guards spread evenly over the tenant's chunks.
PAIR_GUARDS_SHARD_KEY: dict[str, int] = {"tenant_id": 1, "pair": 1}

PAIR_GUARD_INDEXES: tuple[IndexSpec, ...] = (
    # One guard per pair: two steps racing to create it collide on this index.
    IndexSpec(PairGuardIndex.PAIR, (("tenant_id", 1), ("pair", 1)), unique=True),
    # A guard only matters while steps run; purge those idle for an hour.
    IndexSpec(PairGuardIndex.IDLE, (("touched_at", 1),), expire_after_seconds=IDLE_GUARD_SECONDS),
)
