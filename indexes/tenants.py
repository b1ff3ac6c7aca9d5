"""Indexes of ``tenants`` (operator-level data, not scoped by a tenant's key)."""

from enum import StrEnum

from indexes.spec import IndexSpec


class TenantIndex(StrEnum):
    TENANT_ID = "tenant_id_unique"
    KEY_HASH = "keys_key_hash"
    CORS_ORIGINS = "settings_cors_origins"


# Not sharded: small (one document per tenant, keys included), read by key hash before any
# tenant is known. It stays whole on the database's primary shard, and each process caches
# key -> tenant for a few seconds (RELATIONSHIPS_KEY_CACHE_SECONDS).
TENANTS_UNSHARDED = "one small document per tenant, read by key hash before the tenant is known"

TENANT_INDEXES: tuple[IndexSpec, ...] = (
    IndexSpec(TenantIndex.TENANT_ID, (("tenant_id", 1),), unique=True),
    # Not unique: a unique multikey index rejects a second tenant with no keys left, and
    # 256-bit random keys do not collide.
    IndexSpec(TenantIndex.KEY_HASH, (("keys.key_hash", 1),)),
    # A browser's preflight carries no credential: is the origin any tenant's?
    IndexSpec(TenantIndex.CORS_ORIGINS, (("settings.cors_origins", 1),)),
)
