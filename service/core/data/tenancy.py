"""Tenant scoping by construction: a collection bound to one tenant.

Repositories reach tenant data only through a :class:`TenantCollection`. It writes the tenant
into every filter (into each ``$or`` branch), every inserted document and every upsert, and
refuses any filter, document or update that names a tenant of its own: that is a programming
error (a 500, logged), never a way to reach another tenant.

It also orders each filter's fields most selective first (point equalities on users before
the tenant, ranges and ``$in`` last): MongoDB's planner ignores the order, but the embedded
backend evaluates fields in the order written and stops at the first that fails.
"""

from collections.abc import AsyncIterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from bson import ObjectId

from indexes.spec import TENANT_FIELD
from service.core.data.database import (
    BulkResult,
    Collection,
    Document,
    Filter,
    TenantScopeViolation,
    Upsert,
)

# What a document leaves to the data layer: the tenant the bound collection writes, and Beanie's
# revision id (unused). Never stored from a model, never shown in a view or an export.
LAYER_FIELDS: set[str] = {TENANT_FIELD, "revision_id"}
_UPDATE_OPERATORS = frozenset({"$set", "$setOnInsert", "$inc", "$push", "$pull", "$unset"})


# Values that hold no field names: skipped at once (filters, documents and updates are walked on
# every write, and an import writes thousands of documents a second).
_LEAVES = frozenset({str, int, float, bool, type(None), datetime, ObjectId})
_TENANT_PREFIX = f"{TENANT_FIELD}."


def _refuse_tenant(value: Any, where: str) -> None:
    """Reject ``tenant_id`` anywhere inside ``value`` (nested documents and lists included)."""
    pending = [value]
    while pending:
        current = pending.pop()
        kind = type(current)
        if kind in _LEAVES:
            continue
        if kind is dict or isinstance(current, Mapping):  # (a dict is checked without the ABC)
            for key, inner in current.items():
                if key == TENANT_FIELD or (isinstance(key, str) and key.startswith(_TENANT_PREFIX)):
                    raise TenantScopeViolation(f"{where} names a tenant of its own")
                if type(inner) not in _LEAVES:
                    pending.append(inner)
        elif kind is list or isinstance(current, list | tuple):
            pending.extend(inner for inner in current if type(inner) not in _LEAVES)


def _is_point(value: Any) -> bool:
    return type(value) in _LEAVES or not isinstance(value, Mapping | list | tuple)


def _scoped_branch(tenant_id: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    """Point equalities first (in the order given), then the tenant, then everything else."""
    for key in fields:
        if not isinstance(key, str) or key.startswith("$"):
            raise TenantScopeViolation(f"operator {key!r} is not allowed in a scoped filter")
    points = {k: v for k, v in fields.items() if _is_point(v)}
    rest = {k: v for k, v in fields.items() if not _is_point(v)}
    return {**points, TENANT_FIELD: tenant_id, **rest}


def scope_filter(tenant_id: str, query: Filter) -> dict[str, Any]:
    """``query`` confined to ``tenant_id``; a rooted ``$or`` is scoped branch by branch."""
    _refuse_tenant(query, "a filter")
    outer = {k: v for k, v in query.items() if k != "$or"}
    if "$or" not in query:
        return _scoped_branch(tenant_id, outer)
    branches = query["$or"]
    if not isinstance(branches, list) or not branches:
        raise TenantScopeViolation("$or needs a non-empty list of branches")
    for branch in branches:
        if not isinstance(branch, Mapping):
            raise TenantScopeViolation("each $or branch must be a document")
        if set(branch) & set(outer):  # a branch would widen the outer filter, not narrow it
            raise TenantScopeViolation("an $or branch may not restate an outer field")
    # {A, $or: [B, C]} is {$or: [{A, B}, {A, C}]}: each branch then carries the tenant itself.
    return {"$or": [_scoped_branch(tenant_id, {**outer, **branch}) for branch in branches]}


def scope_document(tenant_id: str, document: Document) -> Document:
    _refuse_tenant(document, "a document")
    return {TENANT_FIELD: tenant_id, **document}


def check_update(update: Mapping[str, Any]) -> dict[str, Any]:
    """Updates may use the plain operators and never touch the tenant (upserts take it from
    the scoped filter's equality)."""
    for operator in update:
        if operator not in _UPDATE_OPERATORS:
            raise TenantScopeViolation(f"update operator {operator!r} is not allowed")
    _refuse_tenant(update, "an update")
    return dict(update)


class TenantCollection:
    """One collection, as seen by one tenant."""

    def __init__(self, collection: Collection, tenant_id: str) -> None:
        if not tenant_id:
            raise TenantScopeViolation("a tenant-bound collection needs a tenant")
        self._collection = collection
        self._tenant_id = tenant_id

    async def find(
        self,
        query: Filter,
        *,
        index: str,
        sort: Sequence[tuple[str, int]] = (),
        limit: int = 0,
    ) -> list[Document]:
        scoped = scope_filter(self._tenant_id, query)
        return await self._collection.find(scoped, index=index, sort=sort, limit=limit)

    async def find_one(self, query: Filter, *, index: str) -> Document | None:
        return await self._collection.find_one(scope_filter(self._tenant_id, query), index=index)

    def stream(
        self, query: Filter, *, index: str, sort: Sequence[tuple[str, int]] = ()
    ) -> AsyncIterator[Document]:
        return self._collection.stream(scope_filter(self._tenant_id, query), index=index, sort=sort)

    async def count(self, query: Filter, *, index: str) -> int:
        return await self._collection.count(scope_filter(self._tenant_id, query), index=index)

    async def insert_one(self, document: Document) -> None:
        await self._collection.insert_one(scope_document(self._tenant_id, document))

    async def insert_many(self, documents: Sequence[Document]) -> None:
        await self._collection.insert_many([scope_document(self._tenant_id, d) for d in documents])

    async def update_one(
        self, query: Filter, update: Mapping[str, Any], *, index: str, upsert: bool = False
    ) -> bool:
        return await self._collection.update_one(
            scope_filter(self._tenant_id, query), check_update(update), index=index, upsert=upsert
        )

    async def update_many(self, query: Filter, update: Mapping[str, Any], *, index: str) -> int:
        return await self._collection.update_many(
            scope_filter(self._tenant_id, query), check_update(update), index=index
        )

    def _scoped(self, upserts: Sequence[Upsert]) -> list[Upsert]:
        """Each filter scoped: an upserted document takes the tenant from its equality."""
        scoped = [
            Upsert(scope_filter(self._tenant_id, u.query), check_update(u.update)) for u in upserts
        ]
        if any("$or" in u.query for u in scoped):  # an upsert takes no equality from $or
            raise TenantScopeViolation("an upsert filter cannot use $or")
        return scoped

    async def update_each(self, updates: Sequence[Upsert], *, index: str) -> int:
        scoped = [
            Upsert(scope_filter(self._tenant_id, u.query), check_update(u.update)) for u in updates
        ]
        return await self._collection.update_each(scoped, index=index)

    async def bulk_write(self, upserts: Sequence[Upsert], *, index: str) -> BulkResult:
        return await self._collection.bulk_write(self._scoped(upserts), index=index)

    async def increment_many(self, upserts: Sequence[Upsert], *, index: str) -> None:
        await self._collection.increment_many(self._scoped(upserts), index=index)

    async def upsert_many(self, upserts: Sequence[Upsert], *, index: str) -> list[int]:
        return await self._collection.upsert_many(self._scoped(upserts), index=index)

    async def put_versioned(
        self, key: Filter, document: Document, *, previous_version: int | None, index: str
    ) -> None:
        await self._collection.put_versioned(
            scope_filter(self._tenant_id, key),
            scope_document(self._tenant_id, document),
            previous_version=previous_version,
            index=index,
        )

    async def delete_many(self, query: Filter, *, index: str) -> int:
        return await self._collection.delete_many(scope_filter(self._tenant_id, query), index=index)
