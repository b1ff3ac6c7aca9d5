"""Indexes of ``resource_grants`` and its intended shard key."""

from enum import StrEnum

from indexes.spec import IndexSpec
from models.enums import Permission


class GrantIndex(StrEnum):
    GRANT = "tenant_owner_resource_grantee_unique"
    SINGLE_WRITER = "tenant_owner_resource_write_unique"
    GRANTEE = "tenant_grantee_owner"
    RESOURCE_LIST = "tenant_owner_resource_id"
    SCAN = "tenant_id_scan"


GRANTS_SHARD_KEY: dict[str, int] = {"tenant_id": 1, "owner_id": 1}

GRANT_INDEXES: tuple[IndexSpec, ...] = (
    # One grant per grantee per resource; also lists a resource's grants.
    IndexSpec(
        GrantIndex.GRANT,
        (("tenant_id", 1), ("owner_id", 1), ("resource_id", 1), ("grantee_id", 1)),
        unique=True,
    ),
    # At most one writer per resource, enforced by the database itself.
    IndexSpec(
        GrantIndex.SINGLE_WRITER,
        (("tenant_id", 1), ("owner_id", 1), ("resource_id", 1)),
        unique=True,
        partial_filter={"permission": Permission.WRITE.value},
    ),
    # Grants between two users (revoked by a block) and grants a user received.
    IndexSpec(GrantIndex.GRANTEE, (("tenant_id", 1), ("grantee_id", 1), ("owner_id", 1))),
    # A whole tenant's grants in batches, oldest first (the integrity check).
    IndexSpec(GrantIndex.SCAN, (("tenant_id", 1), ("_id", 1))),
    # A resource's grants, newest first.
    IndexSpec(
        GrantIndex.RESOURCE_LIST,
        (("tenant_id", 1), ("owner_id", 1), ("resource_id", 1), ("_id", -1)),
    ),
)
