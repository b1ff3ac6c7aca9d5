"""Indexes of ``relationship_events``."""

from enum import StrEnum

from indexes.spec import IndexSpec


class EventIndex(StrEnum):
    VISIBLE_TO = "tenant_visible_to_id"
    TENANT_TIME = "tenant_id_desc"


EVENT_INDEXES: tuple[IndexSpec, ...] = (
    # A user's history, newest first (multikey: each event lists whose history shows it).
    IndexSpec(EventIndex.VISIBLE_TO, (("tenant_id", 1), ("visible_to", 1), ("_id", -1))),
    # The tenant's whole audit trail, newest first.
    IndexSpec(EventIndex.TENANT_TIME, (("tenant_id", 1), ("_id", -1))),
)
