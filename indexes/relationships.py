"""Indexes of ``user_relationships`` and the shard key they are all prefixed by."""

from enum import StrEnum

from indexes.spec import IndexSpec
from models.enums import RelationshipType


class RelationshipIndex(StrEnum):
    PAIR = "tenant_user_target_type_unique"
    OWNER_LIST = "tenant_user_type_status_id"
    TARGET_LIST = "tenant_target_type_status_id"
    BLOCKED = "tenant_user_type_id_blocked"
    MUTE_EXPIRY = "mute_until_ttl"
    TIMED_MUTES = "tenant_user_type_mute_until"
    SCAN = "tenant_id_scan"


SHARD_KEY: dict[str, int] = {"tenant_id": 1, "user_id": 1}

RELATIONSHIP_INDEXES: tuple[IndexSpec, ...] = (
    # One edge per (tenant, owner, target, type); also serves every lookup between two users.
    IndexSpec(
        RelationshipIndex.PAIR,
        (("tenant_id", 1), ("user_id", 1), ("target_user_id", 1), ("type", 1)),
        unique=True,
    ),
    # "My friends / following / blocks ...", newest first.
    IndexSpec(
        RelationshipIndex.OWNER_LIST,
        (("tenant_id", 1), ("user_id", 1), ("type", 1), ("status", 1), ("_id", -1)),
    ),
    # "Who follows me / who asked me", newest first.
    IndexSpec(
        RelationshipIndex.TARGET_LIST,
        (("tenant_id", 1), ("target_user_id", 1), ("type", 1), ("status", 1), ("_id", -1)),
    ),
    # Seed 004's partial index on blocked edges: small, so block lists stay in memory.
    IndexSpec(
        RelationshipIndex.BLOCKED,
        (("tenant_id", 1), ("user_id", 1), ("type", 1), ("_id", -1)),
        partial_filter={"type": RelationshipType.BLOCKED.value},
    ),
    # A whole tenant in batches, oldest first (the integrity check, export of a tenant).
    IndexSpec(RelationshipIndex.SCAN, (("tenant_id", 1), ("_id", 1))),
    # A user's timed mutes still in force (a range on their end): how many mutes a user has
    # in force is counted here at read time, since a mute's end changes no stored counter.
    IndexSpec(
        RelationshipIndex.TIMED_MUTES,
        (("tenant_id", 1), ("user_id", 1), ("type", 1), ("muting.mute_until", 1)),
        partial_filter={"type": RelationshipType.MUTED.value},
    ),
    # Purges expired mutes eventually; reads never rely on it (an expired mute is absent at once).
    IndexSpec(
        RelationshipIndex.MUTE_EXPIRY,
        (("muting.mute_until", 1),),
        partial_filter={"type": RelationshipType.MUTED.value},
        expire_after_seconds=0,
    ),
)
