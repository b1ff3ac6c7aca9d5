"""Indexes of ``suggestion_dismissals``."""

from enum import StrEnum

from indexes.spec import IndexSpec


class DismissalIndex(StrEnum):
    PAIR = "tenant_user_other_unique"
    OTHER = "tenant_other"
    EXPIRY = "until_ttl"


DISMISSALS_SHARD_KEY: dict[str, int] = {"tenant_id": 1, "user_id": 1}

DISMISSAL_INDEXES: tuple[IndexSpec, ...] = (
    # One dismissal per (user, other); which of many candidates a user dismissed.
    IndexSpec(
        DismissalIndex.PAIR, (("tenant_id", 1), ("user_id", 1), ("other_id", 1)), unique=True
    ),
    # Dismissals of a user, by anyone (erase).
    IndexSpec(DismissalIndex.OTHER, (("tenant_id", 1), ("other_id", 1))),
    # Ended dismissals are purged eventually; reads never rely on it.
    IndexSpec(DismissalIndex.EXPIRY, (("until", 1),), expire_after_seconds=0),
)
