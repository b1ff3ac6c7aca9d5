"""Indexes of ``user_counts`` and its intended shard key."""

from enum import StrEnum

from indexes.spec import IndexSpec


class UserCountIndex(StrEnum):
    SLOT = "tenant_user_slot_unique"
    SCAN = "tenant_id_scan"


USER_COUNTS_SHARD_KEY: dict[str, int] = {"tenant_id": 1, "user_id": 1}

USER_COUNT_INDEXES: tuple[IndexSpec, ...] = (
    # One document per slot of a user; a read of one user, or of many, is a prefix of it.
    IndexSpec(UserCountIndex.SLOT, (("tenant_id", 1), ("user_id", 1), ("slot", 1)), unique=True),
    # A whole tenant's counters in batches (the recount of `relationships check`).
    IndexSpec(UserCountIndex.SCAN, (("tenant_id", 1), ("_id", 1))),
)
