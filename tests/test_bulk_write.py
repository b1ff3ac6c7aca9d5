"""Bulk upserts in the driver module and their tenant-bound counterpart."""

import pytest

from indexes import IndexMisuse, RelationshipIndex
from models.enums import RelationshipStatus, RelationshipType
from models.relationship import ContactMetadata
from service.core.data.database import (
    DriverCall,
    DuplicateKeyError,
    Store,
    TenantScopeViolation,
    Upsert,
)
from service.core.data.tenancy import TenantCollection
from service.core.steps.context import TenantContext

PAIR = RelationshipIndex.PAIR


def key(owner: str, target: str) -> dict[str, str]:
    return {"user_id": owner, "target_user_id": target, "type": "contact"}


async def test_upserts_are_scoped_fit_checked_and_counted(store: Store) -> None:
    seen: list[DriverCall] = []
    store.observers.append(seen.append)
    tenant = TenantCollection(store.relationships, "t1")
    result = await tenant.bulk_write(
        [
            Upsert(key("a", "b"), {"$set": {"version": 0}}),
            Upsert(key("a", "c"), {"$set": {"version": 5}}),
        ],
        index=PAIR,
    )
    assert (result.matched, result.upserted) == (0, 2)
    again = await tenant.bulk_write([Upsert(key("a", "b"), {"$set": {"version": 1}})], index=PAIR)
    assert (again.matched, again.upserted) == (1, 0)
    assert [(c.operation, c.index, c.query["tenant_id"]) for c in seen if c.query] == [
        ("update", PAIR, "t1"),
    ] * 3
    stored = await store.relationships.find({"tenant_id": "t1", "user_id": "a"}, index=PAIR)
    assert sorted((d["target_user_id"], d.get("version")) for d in stored) == [
        ("b", 1),
        ("c", 5),
    ]
    assert (
        await TenantCollection(store.relationships, "t2").find({"user_id": "a"}, index=PAIR) == []
    )
    assert (await tenant.bulk_write([], index=PAIR)).upserted == 0


async def test_a_tenant_named_in_an_upsert_or_an_unfit_query_is_refused(store: Store) -> None:
    tenant = TenantCollection(store.relationships, "t1")
    with pytest.raises(TenantScopeViolation):
        await tenant.bulk_write([Upsert({**key("a", "b"), "tenant_id": "t2"}, {})], index=PAIR)
    with pytest.raises(TenantScopeViolation):
        await tenant.bulk_write([Upsert(key("a", "b"), {"$set": {"tenant_id": "t2"}})], index=PAIR)
    with pytest.raises(IndexMisuse):
        await tenant.bulk_write([Upsert({"target_user_id": "b"}, {"$set": {}})], index=PAIR)
    with pytest.raises(IndexMisuse):  # the driver module itself refuses a query without tenant
        await store.relationships.bulk_write([Upsert(key("a", "b"), {"$set": {}})], index=PAIR)


async def test_a_guard_that_misses_is_a_duplicate_key_and_the_others_still_apply(
    ctx: TenantContext,
) -> None:
    metadata = ContactMetadata(nickname="x")
    stored = ctx.edges.new("a", "b", RelationshipType.CONTACT, RelationshipStatus.ACTIVE)
    await ctx.edges.save_many([(stored, None)])
    # A second writer that also read "no edge yet" inserts its own: the unique index refuses it.
    late = ctx.edges.new("a", "b", RelationshipType.CONTACT, RelationshipStatus.ACTIVE)
    other = ctx.edges.new("a", "c", RelationshipType.CONTACT, RelationshipStatus.ACTIVE)
    with pytest.raises(DuplicateKeyError):
        await ctx.edges.save_many([(late, None), (other, None)])
    # A writer holding an older version than the stored one loses the same way.
    stale = stored.model_copy(update={"metadata": metadata, "version": stored.version - 1})
    with pytest.raises(DuplicateKeyError):
        await ctx.edges.save_many([(stale.model_copy(), stale)])
    found = await ctx.edges.owned([("a", "b"), ("a", "c")], RelationshipType.CONTACT)
    assert sorted(found) == [("a", "b"), ("a", "c")]  # unordered: the other upsert applied
    assert found[("a", "b")].id == stored.id
    assert found[("a", "b")].metadata is None


async def test_pairs_and_blocks_are_read_in_one_query_each(
    ctx: TenantContext, store: Store
) -> None:
    edges = ctx.edges
    contact, blocked = RelationshipType.CONTACT, RelationshipType.BLOCKED
    active = RelationshipStatus.ACTIVE
    await edges.save_many(
        [
            (edges.new("a", "b", contact, active), None),
            (edges.new("a", "x", contact, active), None),  # not asked for
            (edges.new("c", "d", contact, active), None),
            (edges.new("d", "c", blocked, active), None),  # blocks c -> d from the other side
            (edges.new("a", "d", blocked, active), None),  # between two users, not a pair asked
        ]
    )
    seen: list[DriverCall] = []
    store.observers.append(seen.append)
    pairs = [("a", "b"), ("c", "d"), ("a", "c")]
    assert sorted(await edges.owned(pairs, contact)) == [("a", "b"), ("c", "d")]
    assert await edges.blocked_pairs(pairs) == {frozenset(("c", "d"))}
    assert [c.index for c in seen] == [PAIR, RelationshipIndex.BLOCKED]
    assert await edges.owned([], contact) == {}
    assert await edges.blocked_pairs([]) == set()
