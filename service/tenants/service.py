"""Tenants and their keys (the operator's domain) and per-tenant settings (the admin's)."""

from dataclasses import dataclass
from datetime import datetime

from indexes import TenantIndex
from models.enums import KeyScope, RelationshipType
from models.tenant import ApiKey, Tenant, TenantSettings
from service.core.database import DuplicateKeyError, Store
from service.core.errors import AlreadyExists, NotFound
from service.tenants.keys import hash_key, new_key, new_key_id


@dataclass(frozen=True)
class IssuedKey:
    key_id: str
    key: str  # the only time the plain key exists
    scope: KeyScope


@dataclass(frozen=True)
class CreatedTenant:
    tenant: Tenant
    app_key: IssuedKey
    admin_key: IssuedKey


def _issue(scope: KeyScope, now: datetime) -> tuple[ApiKey, IssuedKey]:
    key = new_key()
    key_id = new_key_id()
    stored = ApiKey(key_id=key_id, key_hash=hash_key(key), scope=scope, created_at=now)
    return stored, IssuedKey(key_id=key_id, key=key, scope=scope)


async def find_by_key(store: Store, key: str) -> tuple[Tenant, KeyScope] | None:
    """The credential lookup: the only query that cannot start from a tenant id."""
    key_hash = hash_key(key)
    document = await store.tenants.find_one({"keys.key_hash": key_hash}, index=TenantIndex.KEY_HASH)
    if document is None:
        return None
    tenant = Tenant.model_validate(document)
    scope = next(k.scope for k in tenant.keys if k.key_hash == key_hash)
    return tenant, scope


async def create_tenant(store: Store, *, tenant_id: str, name: str, now: datetime) -> CreatedTenant:
    app_stored, app_key = _issue(KeyScope.APP, now)
    admin_stored, admin_key = _issue(KeyScope.ADMIN, now)
    tenant = Tenant(tenant_id=tenant_id, name=name, keys=[app_stored, admin_stored], created_at=now)
    try:
        await store.tenants.insert_one(tenant.model_dump(exclude={"id", "revision_id"}))
    except DuplicateKeyError as error:
        raise AlreadyExists(f"Tenant '{tenant_id}' already exists.") from error
    return CreatedTenant(tenant=tenant, app_key=app_key, admin_key=admin_key)


async def add_key(store: Store, *, tenant_id: str, scope: KeyScope, now: datetime) -> IssuedKey:
    stored, issued = _issue(scope, now)
    found = await store.tenants.update_one(
        {"tenant_id": tenant_id},
        {"$push": {"keys": stored.model_dump()}},
        index=TenantIndex.TENANT_ID,
    )
    if not found:
        raise NotFound(f"Tenant '{tenant_id}' does not exist.")
    return issued


async def revoke_key(store: Store, *, tenant_id: str, key_id: str) -> None:
    """Takes effect on the next request: keys are looked up on every request, never cached."""
    found = await store.tenants.update_one(
        {"tenant_id": tenant_id, "keys.key_id": key_id},
        {"$pull": {"keys": {"key_id": key_id}}},
        index=TenantIndex.TENANT_ID,
    )
    if not found:
        raise NotFound(f"Tenant '{tenant_id}' has no key '{key_id}'.")


async def update_settings(
    store: Store,
    *,
    tenant_id: str,
    current: TenantSettings,
    connections_enabled: bool | None,
    enabled_types: dict[RelationshipType, bool],
) -> TenantSettings:
    """Set only the switches named, so concurrent admins changing others do not collide."""
    changes: dict[str, bool] = {f"settings.enabled_types.{k}": v for k, v in enabled_types.items()}
    updated = current.model_copy(deep=True)
    updated.enabled_types.update(enabled_types)
    if connections_enabled is not None:
        changes["settings.connections_enabled"] = connections_enabled
        updated.connections_enabled = connections_enabled
    if changes:
        await store.tenants.update_one(
            {"tenant_id": tenant_id}, {"$set": changes}, index=TenantIndex.TENANT_ID
        )
    return updated
