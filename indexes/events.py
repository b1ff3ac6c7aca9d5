"""Indexes of ``relationship_events``."""

from enum import StrEnum

from indexes.spec import IndexSpec


class EventIndex(StrEnum):
    VISIBLE_TO = "tenant_visible_to_id"
    TENANT_TIME = "tenant_id_desc"
    INVOLVES = "tenant_involves_id"
    ACTION = "tenant_action_id"
    EXPIRY = "expires_at_ttl"


EVENT_INDEXES: tuple[IndexSpec, ...] = (
    # A user's history, newest first (multikey: each event lists whose history shows it).
    IndexSpec(EventIndex.VISIBLE_TO, (("tenant_id", 1), ("visible_to", 1), ("_id", -1))),
    # The tenant's whole audit trail, newest first (also: by time, since/until on _id).
    IndexSpec(EventIndex.TENANT_TIME, (("tenant_id", 1), ("_id", -1))),
    # The admin's trail of one user, or of two (multikey: owner and target), newest first.
    IndexSpec(EventIndex.INVOLVES, (("tenant_id", 1), ("involves", 1), ("_id", -1))),
    # The admin's trail of one action, newest first.
    IndexSpec(EventIndex.ACTION, (("tenant_id", 1), ("action", 1), ("_id", -1))),
    # The tenant's history retention: events written with an expiry are purged after it.
    IndexSpec(EventIndex.EXPIRY, (("expires_at", 1),), expire_after_seconds=0),
)
