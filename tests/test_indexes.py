"""Index declarations, the fit check, tenant scoping of every query, and index sync."""

from collections.abc import Mapping
from typing import Any

import pytest
from bson import ObjectId
from fastapi import FastAPI

from indexes import (
    INDEXES_BY_COLLECTION,
    SHARD_KEYS,
    UNSHARDED,
    IndexMisuse,
    RelationshipIndex,
    check_fit,
)
from indexes.relationships import RELATIONSHIP_INDEXES
from indexes.scatters import BOUNDED_SCATTERS, FEED_PAGE, PAGE, USERS_LISTED
from indexes.sync import sync_indexes
from models import ALL_DOCUMENTS
from service.admin.erasure import USERS_PER_BATCH
from service.core.data.database import GuardMode, Store
from service.core.data.pagination import MAX_LIMIT
from service.feed.router import MAX_FEED_LIMIT
from service.summary.rules import MAX_IDS
from tests.helpers import Api, FakeClock
from tests.scenarios import every_route_family

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
        # Read across tenants by design: the registry (a key names no tenant yet) and the
        # webhook worker's rounds (enabled endpoints, due deliveries); the admin API reaches the
        # webhooks only through a tenant-bound collection, whose indexes lead with the tenant.
        if collection in ("tenants", "webhooks", "webhook_deliveries"):
            continue
        for spec in specs:
            if spec.expire_after_seconds is None:
                assert spec.key_names[0] == "tenant_id", spec.name


def test_every_collection_is_sharded_or_says_why_not() -> None:
    """A new collection (a new document model) must declare its shard key, or be named in
    ``UNSHARDED`` with its reason: only ``tenants`` (kept whole on the primary shard) and the
    few webhooks per tenant, which the delivery worker reads across tenants."""
    collections = {document.Settings.name for document in ALL_DOCUMENTS}
    assert set(INDEXES_BY_COLLECTION) == collections
    assert set(SHARD_KEYS) | set(UNSHARDED) == collections
    assert not set(SHARD_KEYS) & set(UNSHARDED)
    assert set(UNSHARDED) == {"tenants", "webhooks"}


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


async def test_the_api_uses_every_declared_query_index(
    api: Api, admin: Api, store: Store, app: FastAPI, clock: FakeClock
) -> None:
    used: set[tuple[str, str]] = set()
    store.observers.append(lambda call: used.add((call.collection, call.index or "")))
    await every_route_family(api, admin, store, app, clock)
    declared = {
        (collection, spec.name)
        for collection, specs in INDEXES_BY_COLLECTION.items()
        for spec in specs
        if spec.expire_after_seconds is None
        # The embedded backend never interleaves steps, so it writes no pair guards.
        and not (collection == "pair_guards" and store.guard_mode is GuardMode.NONE)
    }
    assert declared - used == set()


def test_declared_scatters_name_declared_indexes_and_the_service_caps() -> None:
    for (collection, index), scatter in BOUNDED_SCATTERS.items():
        assert index in {spec.name for spec in INDEXES_BY_COLLECTION[collection]}
        assert collection in SHARD_KEYS
        assert scatter.listed > 1 or scatter.tenant_wide, (collection, index)
    assert PAGE == MAX_LIMIT + 1  # a page fetches one more to say whether more follow
    assert FEED_PAGE == MAX_FEED_LIMIT
    assert USERS_LISTED == MAX_IDS + 1 == USERS_PER_BATCH + 1
