"""Tenants and their keys: the operator's domain."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from models.enums import KeyScope
from models.tenant import ApiKey, SigningKey, Tenant
from service.core.data.database import DuplicateKeyError
from service.core.data.repositories import TenantRegistry
from service.core.errors import AlreadyExists, NotFound
from service.core.keys import hash_key, new_key, new_key_id
from service.core.tokens import rotated


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

    @property
    def keys(self) -> list[IssuedKey]:
        return [self.app_key, self.admin_key]


def _issue(scope: KeyScope, now: datetime) -> tuple[ApiKey, IssuedKey]:
    key = new_key()
    key_id = new_key_id()
    stored = ApiKey(key_id=key_id, key_hash=hash_key(key), scope=scope, created_at=now)
    return stored, IssuedKey(key_id=key_id, key=key, scope=scope)


async def create_tenant(
    registry: TenantRegistry, *, tenant_id: str, name: str, now: datetime
) -> CreatedTenant:
    app_stored, app_key = _issue(KeyScope.APP, now)
    admin_stored, admin_key = _issue(KeyScope.ADMIN, now)
    tenant = Tenant(tenant_id=tenant_id, name=name, keys=[app_stored, admin_stored], created_at=now)
    try:
        await registry.insert(tenant)
    except DuplicateKeyError as error:
        raise AlreadyExists(f"Tenant '{tenant_id}' already exists.") from error
    return CreatedTenant(tenant=tenant, app_key=app_key, admin_key=admin_key)


async def add_key(
    registry: TenantRegistry, *, tenant_id: str, scope: KeyScope, now: datetime
) -> IssuedKey:
    stored, issued = _issue(scope, now)
    if not await registry.add_key(tenant_id, stored):
        raise NotFound(f"Tenant '{tenant_id}' does not exist.")
    return issued


async def revoke_key(registry: TenantRegistry, *, tenant_id: str, key_id: str) -> None:
    """Takes effect on the next request: keys are looked up on every request, never cached."""
    if not await registry.revoke_key(tenant_id, key_id):
        raise NotFound(f"Tenant '{tenant_id}' has no key '{key_id}'.")


async def list_tenants(
    registry: TenantRegistry, *, after: str | None, limit: int
) -> tuple[list[Tenant], str | None]:
    """A page of tenants in tenant id order, and the tenant id the next page starts after."""
    found = await registry.page(after=after, limit=limit + 1)
    if len(found) <= limit:
        return found, None
    return found[:limit], found[limit - 1].tenant_id


async def get_tenant(registry: TenantRegistry, *, tenant_id: str) -> Tenant:
    tenant = await registry.get(tenant_id)
    if tenant is None:
        raise NotFound(f"Tenant '{tenant_id}' does not exist.")
    return tenant


async def delete_tenant(
    registry: TenantRegistry,
    *,
    tenant_id: str,
    now: datetime,
    fence: Callable[[], Awaitable[None]],
) -> dict[str, int]:
    """Remove the tenant and every document of it; 404 when there was nothing of it at all
    (a removal that stopped half-way can be run again).

    Requests of the tenant may be in flight. It is marked first, so that its keys stop working;
    ``fence`` then waits until no request that found it live before can still write (each
    step's deadline, ``StepRunner.fence``); only then its data goes, and its record last, so
    that a tenant created again with its id starts empty.
    """
    if await registry.mark_deleting(tenant_id, now):
        await fence()
    removed = await registry.delete(tenant_id)
    if not any(removed.values()):
        raise NotFound(f"Tenant '{tenant_id}' does not exist.")
    return removed


async def set_rate_limit(
    registry: TenantRegistry, *, tenant_id: str, per_second: float | None, burst: int | None
) -> Tenant:
    """Set the tenant's own rate (requests per second, 0: none) and burst; ``None`` gives it back
    the service's default. Takes effect on its next request (the tenant is read on each)."""
    tenant = await get_tenant(registry, tenant_id=tenant_id)
    changes = {"rate_limit_per_second": per_second, "rate_limit_burst": burst}
    await registry.set_settings(tenant_id, changes)
    updated: Tenant = tenant.model_copy(
        update={"settings": tenant.settings.model_copy(update=changes)}
    )
    return updated


async def rotate_signing_key(
    registry: TenantRegistry, *, tenant_id: str, now: datetime, retire_previous: bool = False
) -> list[SigningKey]:
    """A new key signs the tenant's user tokens from now on; the one it replaces verifies its
    tokens until they expire, or not at all with ``retire_previous`` (a leaked key)."""
    return await registry.replace_signing_keys(
        tenant_id, lambda keys: rotated(keys, now=now, retire_previous=retire_previous)
    )
