"""Indexes of ``tenants`` (operator-level data, not scoped by a tenant's key)."""

from enum import StrEnum

from indexes.spec import IndexSpec


class TenantIndex(StrEnum):
    TENANT_ID = "tenant_id_unique"
    KEY_HASH = "keys_key_hash"
    CORS_ORIGINS = "settings_cors_origins"


TENANT_INDEXES: tuple[IndexSpec, ...] = (
    IndexSpec(TenantIndex.TENANT_ID, (("tenant_id", 1),), unique=True),
    # Not unique: a unique multikey index rejects a second tenant with no keys left, and
    # 256-bit random keys do not collide.
    IndexSpec(TenantIndex.KEY_HASH, (("keys.key_hash", 1),)),
    # A browser's preflight carries no credential: is the origin any tenant's?
    IndexSpec(TenantIndex.CORS_ORIGINS, (("settings.cors_origins", 1),)),
)
