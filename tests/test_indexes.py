"""Index declarations, the fit check, tenant scoping of every query, and index sync."""

from collections.abc import Mapping
from typing import Any

import pytest
from bson import ObjectId

from indexes import (
    INDEXES_BY_COLLECTION,
    SHARD_KEYS,
    UNSHARDED,
    IndexMisuse,
    RelationshipIndex,
    check_fit,
)
from indexes.relationships import RELATIONSHIP_INDEXES
from indexes.sync import sync_indexes
from models import ALL_DOCUMENTS
from models.tenant import TenantSettings
from service.core.clock import SystemClock
from service.core.data.database import GuardMode, Store
from service.core.steps.context import TenantContext
from service.integrity.check import check_tenant
from tests.helpers import Api

PAIR = next(s for s in RELATIONSHIP_INDEXES if s.name == RelationshipIndex.PAIR)
OWNER_LIST = next(s for s in RELATIONSHIP_INDEXES if s.name == RelationshipIndex.OWNER_LIST)
BLOCKED = next(s for s in RELATIONSHIP_INDEXES if s.name == RelationshipIndex.BLOCKED)


def test_fit_accepts_a_tight_prefix_with_sort() -> None:
    query = {
        "tenant_id": "t",
        "user_id": "u",
        "type": "friend",
        "status": "accepted",
        "_id": {"$lt": ObjectId()},
        "friendship.is_favorite": True,
    }
    check_fit(OWNER_LIST, query, [("_id", -1)])
    check_fit(PAIR, {"tenant_id": "t", "user_id": {"$in": ["a", "b"]}, "target_user_id": "c"})


@pytest.mark.parametrize(
    ("spec", "query", "sort"),
    [
        (PAIR, {"user_id": "u"}, []),  # no tenant: leading key missing
        (PAIR, {"tenant_id": "t", "target_user_id": "x"}, []),  # skips user_id
        (OWNER_LIST, {"tenant_id": "t", "user_id": "u"}, [("_id", -1)]),  # sort not after prefix
        (BLOCKED, {"tenant_id": "t", "user_id": "u", "type": "muted"}, []),  # partial not implied
        (PAIR, {"$or": [{"tenant_id": "t", "user_id": "u"}, {"user_id": "v"}]}, []),
    ],
)
def test_fit_rejects_misuse(
    spec: Any, query: Mapping[str, Any], sort: list[tuple[str, int]]
) -> None:
    with pytest.raises(IndexMisuse):
        check_fit(spec, query, sort)


def test_every_tenant_index_leads_with_tenant_and_shard_key_prefixes_unique_index() -> None:
    for collection, specs in INDEXES_BY_COLLECTION.items():
        names = [s.name for s in specs]
        assert len(names) == len(set(names)), collection
        if collection == "tenants":
            continue
        for spec in specs:
            if spec.expire_after_seconds is None:
                assert spec.key_names[0] == "tenant_id", spec.name


def test_every_collection_is_sharded_or_says_why_not() -> None:
    """A new collection (a new document model) must declare its shard key, or be named in
    ``UNSHARDED`` with its reason: only ``tenants`` is, kept whole on the primary shard."""
    collections = {document.Settings.name for document in ALL_DOCUMENTS}
    assert set(INDEXES_BY_COLLECTION) == collections
    assert set(SHARD_KEYS) | set(UNSHARDED) == collections
    assert not set(SHARD_KEYS) & set(UNSHARDED)
    assert set(UNSHARDED) == {"tenants"}


@pytest.mark.parametrize("collection", sorted(SHARD_KEYS))
def test_shard_key_prefixes_every_unique_index_and_one_index_supports_it(collection: str) -> None:
    # MongoDB: "For a ranged sharded collection, only the following indexes can be unique: the
    # index on the shard key; a compound index where the shard key is a prefix; the default _id
    # index", and "Sharded collections require an index that supports the shard key [...] an
    # index on the shard key or a compound index where the shard key is a prefix of the index"
    # (https://www.mongodb.com/docs/manual/core/sharding-shard-key-indexes/). A partial index
    # cannot support a shard key.
    shard_key = tuple(SHARD_KEYS[collection].items())
    assert shard_key[0] == ("tenant_id", 1), "a tenant's data stays together in key order"
    specs = INDEXES_BY_COLLECTION[collection]
    for spec in specs:
        if spec.unique:
            assert spec.keys[: len(shard_key)] == shard_key, spec.name
    assert any(
        spec.keys[: len(shard_key)] == shard_key and not spec.partial_filter for spec in specs
    ), f"{collection}: no index supports the shard key {dict(shard_key)}"


async def test_queries_without_tenant_or_with_undeclared_index_are_refused(store: Store) -> None:
    with pytest.raises(IndexMisuse):
        await store.relationships.find({"user_id": "u"}, index=RelationshipIndex.PAIR)
    with pytest.raises(IndexMisuse):
        await store.relationships.find({"tenant_id": "t"}, index="no_such_index")
    with pytest.raises(IndexMisuse):
        await store.events.delete_many(
            {"$or": [{"tenant_id": "t"}, {"x": 1}]}, index="tenant_id_time"
        )


async def test_sync_is_idempotent_and_creates_every_declared_index(store: Store) -> None:
    first = await sync_indexes(store.collections)
    second = await sync_indexes(store.collections)
    assert [row[:2] for row in first] == [row[:2] for row in second]
    for collection in store.collections:
        declared = {spec.name for spec in INDEXES_BY_COLLECTION[collection.name]}
        assert declared <= await collection.index_names()


async def test_the_api_uses_every_declared_query_index(api: Api, admin: Api, store: Store) -> None:
    used: set[tuple[str, str]] = set()
    store.observers.append(lambda call: used.add((call.collection, call.index or "")))
    await api.befriend("a", "b")
    await api.ok("PUT", "/v1/users/c/settings", {"follow_requires_approval": True})
    await api.follow("a", "c")
    for path in ("friends", "followers", "follow-requests", "blocks", "mutes", "history"):
        await api.ok("GET", f"/v1/users/c/{path}")
    await api.summary("a", "b", "c")
    await api.ok("GET", "/v1/users/a/counts")
    await api.ok("GET", "/v1/users/a/suggestions")
    await api.ok("DELETE", "/v1/users/a/suggestions/z")
    await api.ok("GET", "/v1/users/a/mutual-friends/c")
    await api.ok("GET", "/v1/users/a/known-followers/c")
    created = await api.ok("POST", "/v1/users/a/lists", {"name": "team"})
    team = f"/v1/users/a/lists/{created['list_id']}"
    await api.ok("PUT", f"{team}/members/b")
    await api.ok("GET", f"{team}/members")
    await api.ok("GET", "/v1/users/a/lists", member="b")
    await api.ok("GET", "/v1/users/b/access", owner="a", list_id=created["list_id"])
    grant = "/v1/users/a/resources/doc/grants"
    await api.ok("PUT", f"{grant}/b", {"permission": "write"})
    await api.ok("GET", grant)
    await api.block("a", "b")
    await admin.ok("PATCH", "/v1/admin/settings", {"connections_enabled": True})
    # A browser's preflight, and a user token minted and used.
    await admin.ok("PATCH", "/v1/admin/settings", {"cors_origins": ["https://app.example"]})
    preflight = {"Origin": "https://app.example", "Access-Control-Request-Method": "GET"}
    assert (await api.client.options("/v1/users/a/friends", headers=preflight)).status_code == 204
    token = (await api.ok("POST", "/v1/users/c/tokens"))["token"]
    await Api(api.client, token).ok("GET", "/v1/users/c/friends")
    await admin.ok("GET", "/v1/admin/history")
    await admin.ok("GET", "/v1/admin/history", user_id="a", other_user_id="b", type="friend")
    await admin.ok("GET", "/v1/admin/history", action="follow", since="2020-01-01T00:00:00Z")
    await admin.ok("DELETE", "/v1/admin/users/a")
    # The integrity check scans the tenant (and finds nothing wrong with what the API did).
    acme = TenantContext.bind(
        store, tenant_id="acme", settings=TenantSettings(), moment=SystemClock().now()
    )
    assert (await check_tenant(acme, batch=2)).violations == []
    declared = {
        (collection, spec.name)
        for collection, specs in INDEXES_BY_COLLECTION.items()
        for spec in specs
        if spec.expire_after_seconds is None
        # The embedded backend never interleaves steps, so it writes no pair guards.
        and not (collection == "pair_guards" and store.guard_mode is GuardMode.NONE)
    }
    assert declared - used == set()
