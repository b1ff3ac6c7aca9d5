"""The ``tenants`` collection: the operator's registry, and one tenant's own record.

The registry is operator-level data: the credential lookup cannot know the tenant before it
has found the key, so it alone reads across tenants (by key hash, or by the tenant's id).
"""

import hashlib
import hmac
import secrets
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from indexes import INDEXES_BY_COLLECTION, TenantIndex
from indexes.spec import TENANT_FIELD, IndexMisuse
from models.tenant import ApiKey, SigningKey, Tenant
from service.core.data.database import Collection, Store
from service.core.errors import Conflict, NotFound
from service.core.ids import RESERVED_PREFIX

# Replacing a tenant's signing keys reads, changes and writes them guarded by their version;
# a concurrent rotation makes it read again.
_SIGNING_KEY_ATTEMPTS = 5

PSEUDONYM_PREFIX = RESERVED_PREFIX


def pseudonym_with(secret: str, user_id: str) -> str:
    """What an erased user is called: the same for every erase of the user, different in
    every tenant (``secret`` is the tenant's ``erase_secret``), not reversible without it."""
    digest = hmac.new(secret.encode(), user_id.encode(), hashlib.sha256).hexdigest()
    return PSEUDONYM_PREFIX + digest[:32]


def _parse(document: Mapping[str, Any]) -> Tenant:
    tenant: Tenant = Tenant.model_validate(document)
    return tenant


def _tenant_index(collection: Collection) -> str:
    """An index of ``collection`` that serves ``{tenant_id}`` alone (every one leads with it)."""
    for spec in INDEXES_BY_COLLECTION[collection.name]:
        if spec.key_names[0] == TENANT_FIELD and not spec.partial_filter:
            return spec.name
    raise IndexMisuse(f"{collection.name}: no declared index serves a tenant's removal")


class TenantRegistry:
    def __init__(self, collection: Collection, *, tenant_data: Sequence[Collection] = ()) -> None:
        self._collection = collection
        self._tenant_data = tenant_data  # every tenant-scoped collection: for a tenant's removal

    @classmethod
    def of(cls, store: Store) -> "TenantRegistry":
        """The operator's registry, able to remove a tenant's documents from every collection."""
        data = [c for c in store.collections if c is not store.tenants]
        return cls(store.tenants, tenant_data=data)

    async def page(self, *, after: str | None, limit: int) -> list[Tenant]:
        """Up to ``limit`` tenants after the tenant id ``after``, in tenant id order."""
        query = {"tenant_id": {"$gt": after}} if after else {}
        documents = await self._collection.find(
            query, index=TenantIndex.TENANT_ID, sort=[("tenant_id", 1)], limit=limit
        )
        return [_parse(d) for d in documents]

    async def mark_deleting(self, tenant_id: str, now: datetime) -> bool:
        """Mark the tenant as being deleted (its keys stop working); False when it has no record."""
        return await self._collection.update_one(
            {"tenant_id": tenant_id},
            {"$set": {"deleting_since": now}},
            index=TenantIndex.TENANT_ID,
        )

    async def delete(self, tenant_id: str) -> dict[str, int]:
        """Remove every document of the tenant, in every collection, and then its record (so
        that its id cannot be taken again while any of its data is left); answers how many
        documents went from each collection."""
        removed = {self._collection.name: 0}
        for collection in self._tenant_data:
            removed[collection.name] = await collection.delete_many(
                {TENANT_FIELD: tenant_id}, index=_tenant_index(collection)
            )
        removed[self._collection.name] = await self._collection.delete_many(
            {"tenant_id": tenant_id}, index=TenantIndex.TENANT_ID
        )
        return removed

    async def find_by_key_hash(self, key_hash: str) -> Tenant | None:
        document = await self._collection.find_one(
            {"keys.key_hash": key_hash}, index=TenantIndex.KEY_HASH
        )
        return _parse(document) if document else None

    async def get(self, tenant_id: str) -> Tenant | None:
        document = await self._collection.find_one(
            {"tenant_id": tenant_id}, index=TenantIndex.TENANT_ID
        )
        return _parse(document) if document else None

    async def insert(self, tenant: Tenant) -> None:
        """Raises ``DuplicateKeyError`` when the tenant id is taken."""
        await self._collection.insert_one(tenant.model_dump(exclude={"id", "revision_id"}))

    async def add_key(self, tenant_id: str, key: ApiKey) -> bool:
        return await self._collection.update_one(
            {"tenant_id": tenant_id},
            {"$push": {"keys": key.model_dump()}},
            index=TenantIndex.TENANT_ID,
        )

    async def revoke_key(self, tenant_id: str, key_id: str) -> bool:
        return await self._collection.update_one(
            {"tenant_id": tenant_id, "keys.key_id": key_id},
            {"$pull": {"keys": {"key_id": key_id}}},
            index=TenantIndex.TENANT_ID,
        )

    async def erase_secret(self, tenant_id: str) -> str:
        """The tenant's key for erased users' pseudonyms, made on first use."""
        tenant = await self.get(tenant_id)
        if tenant is not None and tenant.erase_secret:
            return tenant.erase_secret
        await self._collection.update_one(
            {"tenant_id": tenant_id, "erase_secret": None},
            {"$set": {"erase_secret": secrets.token_hex(32)}},
            index=TenantIndex.TENANT_ID,
        )
        tenant = await self.get(tenant_id)  # ours, or a concurrent first erase's
        if tenant is None or not tenant.erase_secret:
            raise LookupError(f"tenant {tenant_id!r} is gone")
        return tenant.erase_secret

    async def set_settings(self, tenant_id: str, changes: Mapping[str, Any]) -> None:
        """Set the named settings only, so admins changing others concurrently do not collide."""
        await self._collection.update_one(
            {"tenant_id": tenant_id},
            {"$set": {f"settings.{name}": value for name, value in changes.items()}},
            index=TenantIndex.TENANT_ID,
        )

    async def lists_origin(self, origin: str) -> bool:
        """Whether any tenant lets browser clients call from ``origin`` (a CORS preflight)."""
        document = await self._collection.find_one(
            {"settings.cors_origins": origin}, index=TenantIndex.CORS_ORIGINS
        )
        return document is not None

    async def replace_signing_keys(
        self, tenant_id: str, change: Callable[[list[SigningKey]], list[SigningKey] | None]
    ) -> list[SigningKey]:
        """The tenant's signing keys after ``change`` (``None``: keep them as they are)."""
        for _ in range(_SIGNING_KEY_ATTEMPTS):
            tenant = await self.get(tenant_id)
            if tenant is None:
                raise NotFound(f"No tenant {tenant_id!r}.")
            changed = change(list(tenant.signing_keys))
            if changed is None:
                return tenant.signing_keys
            version = tenant.signing_keys_version
            # A tenant made before signing keys existed has no version field: null matches it.
            guard: Any = version if version else {"$in": [0, None]}
            if await self._collection.update_one(
                {"tenant_id": tenant_id, "signing_keys_version": guard},
                {
                    "$set": {
                        "signing_keys": [k.model_dump() for k in changed],
                        "signing_keys_version": version + 1,
                    }
                },
                index=TenantIndex.TENANT_ID,
            ):
                return changed
        raise Conflict("The tenant's signing keys changed concurrently; retry.")

    async def tenant_ids(self) -> list[str]:
        """Every tenant's id, in order (an operator scan)."""
        documents = await self._collection.find(
            {}, index=TenantIndex.TENANT_ID, sort=(("tenant_id", 1),)
        )
        return [str(d["tenant_id"]) for d in documents]

    async def is_empty(self) -> bool:
        return await self._collection.is_empty()


class TenantAccount:
    """The caller's own tenant record, as its admin may change it."""

    def __init__(self, registry: TenantRegistry, tenant_id: str) -> None:
        self._registry = registry
        self._tenant_id = tenant_id

    async def set_settings(self, changes: Mapping[str, Any]) -> None:
        await self._registry.set_settings(self._tenant_id, changes)

    async def signing_keys(
        self, change: Callable[[list[SigningKey]], list[SigningKey] | None]
    ) -> list[SigningKey]:
        return await self._registry.replace_signing_keys(self._tenant_id, change)

    async def pseudonym(self, user_id: str) -> str:
        """What an erased user is called in the history from then on: the same for every
        erase of the user, different in every tenant, and not reversible without the secret."""
        return pseudonym_with(await self._registry.erase_secret(self._tenant_id), user_id)
