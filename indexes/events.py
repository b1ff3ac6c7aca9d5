"""Indexes of ``relationship_events``."""

from enum import StrEnum

from indexes.spec import IndexSpec


class EventIndex(StrEnum):
    VISIBLE_TO = "tenant_visible_to_id"
    TENANT_TIME = "tenant_id_time"
    INVOLVES = "tenant_involves_id"
    ACTION = "tenant_action_id"
    PAIR = "tenant_pair_id"
    EXPIRY = "expires_at_ttl"


# No read names one user's events by a field that could be a shard key: ``visible_to`` and
# ``involves`` list two users (a multikey field cannot be a shard key), and an erase renames
# ``owner`` (a shard key value must not change). So events are ranged by time within the
# tenant: a small tenant stays on one shard, newest-first pages read the tenant's last chunk,
# and the erase's per-event rewrite (by ``_id``) is targeted. A large tenant's appends all
# reach its last chunk: docs/scaling.md counts what that costs. (A hashed ``_id`` would spread
# them, but the wire tier's server cannot build a compound hashed index to check it on.)
EVENTS_SHARD_KEY: dict[str, int] = {"tenant_id": 1, "_id": 1}

EVENT_INDEXES: tuple[IndexSpec, ...] = (
    # A user's history, newest first (multikey: each event lists whose history shows it).
    IndexSpec(EventIndex.VISIBLE_TO, (("tenant_id", 1), ("visible_to", 1), ("_id", -1))),
    # The tenant's whole audit trail, newest first (walked backwards; also: by time,
    # since/until on _id). Ascending, as the shard key it supports.
    IndexSpec(EventIndex.TENANT_TIME, (("tenant_id", 1), ("_id", 1))),
    # The admin's trail of one user, or of two (multikey: owner and target), newest first.
    IndexSpec(EventIndex.INVOLVES, (("tenant_id", 1), ("involves", 1), ("_id", -1))),
    # The admin's trail of one action, newest first.
    IndexSpec(EventIndex.ACTION, (("tenant_id", 1), ("action", 1), ("_id", -1))),
    # A pair's history, newest first: the admin's trail of two users, the integrity check's.
    IndexSpec(EventIndex.PAIR, (("tenant_id", 1), ("pair", 1), ("_id", -1))),
    # The tenant's history retention: events written with an expiry are purged after it.
    IndexSpec(EventIndex.EXPIRY, (("expires_at", 1),), expire_after_seconds=0),
)
