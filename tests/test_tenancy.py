"""Tenant scoping by construction, proven on hostile input.

1. ``scope_filter`` / ``scope_document`` either refuse a filter or document, or return one
   confined to exactly the caller's tenant: never a tenant of the input's choosing.
2. Every repository, driven with hostile ids, only ever hands the driver queries and writes
   scoped to exactly its own tenant (seen by a driver observer), and stores nothing elsewhere.
"""

import asyncio
from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.enums import Permission, RelationshipStatus, RelationshipType
from models.tenant import TenantSettings
from service.core.clock import SystemClock
from service.core.data.database import DriverCall, Store, TenantScopeViolation, connect
from service.core.data.pagination import PageRequest
from service.core.data.pair import Pair
from service.core.data.tenancy import TenantCollection, scope_document, scope_filter
from service.core.settings import Settings
from service.core.steps.context import TenantContext

TENANT = "t1"
FIELDS = ["user_id", "target_user_id", "type", "status", "owner_id", "visible_to", "x.y"]

scalars = st.one_of(st.text(max_size=8), st.integers(), st.none(), st.booleans())
# Values that try to smuggle a tenant in: equalities, $in, nested documents, lists of them.
hostile_values: st.SearchStrategy[Any] = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.dictionaries(
            st.sampled_from(["$in", "$ne", "$gt", "tenant_id", "a"]), inner, max_size=2
        ),
        st.lists(inner, max_size=3),
    ),
    max_leaves=6,
)
keys = st.sampled_from([*FIELDS, "tenant_id", "tenant_id.x", "$and", "$where"])
branches = st.dictionaries(keys, hostile_values, max_size=4)
filters = st.builds(
    lambda outer, ors: {**outer, "$or": ors} if ors is not None else outer,
    branches,
    st.none() | st.lists(branches, max_size=3),
)


def names_a_tenant(value: Any) -> bool:
    if isinstance(value, Mapping):
        return any(str(k).startswith("tenant_id") or names_a_tenant(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(names_a_tenant(v) for v in value)
    return False


def assert_confined(query: Mapping[str, Any], tenant: str = TENANT) -> None:
    """Every branch the server would evaluate carries exactly ``tenant`` as an equality."""
    outer = {k: v for k, v in query.items() if k != "$or"}
    for branch in query.get("$or") or [{}]:
        merged = {**outer, **branch}
        assert merged.get("tenant_id") == tenant, query
    rest = [v for k, v in outer.items() if k != "tenant_id"] + [
        {k: v for k, v in b.items() if k != "tenant_id"} for b in query.get("$or") or []
    ]
    assert not names_a_tenant(rest), query


@settings(max_examples=300, deadline=None)
@given(filters)
def test_a_scoped_filter_is_confined_or_refused(query: dict[str, Any]) -> None:
    try:
        scoped = scope_filter(TENANT, query)
    except TenantScopeViolation:
        return
    assert not names_a_tenant(query), "a filter naming a tenant must be refused"
    assert_confined(scoped)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(keys, hostile_values, max_size=4))
def test_a_scoped_document_belongs_to_the_caller_or_is_refused(document: dict[str, Any]) -> None:
    try:
        scoped = scope_document(TENANT, document)
    except TenantScopeViolation:
        assert names_a_tenant(document)
        return
    assert scoped["tenant_id"] == TENANT
    assert not names_a_tenant({k: v for k, v in scoped.items() if k != "tenant_id"})


def test_tenant_bound_collection_refuses_hostile_writes() -> None:
    async def run() -> None:
        store = await _store()
        events = TenantCollection(store.events, TENANT)
        for hostile in (
            {"tenant_id": "t2", "x": 1},
            {"details": {"tenant_id": "t2"}},
            {"visible_to": [{"tenant_id": "t2"}]},
        ):
            with pytest.raises(TenantScopeViolation):
                await events.insert_one(hostile)
        with pytest.raises(TenantScopeViolation):
            await events.update_one(
                {"visible_to": "a"}, {"$set": {"tenant_id": "t2"}}, index="tenant_visible_to_id"
            )
        with pytest.raises(TenantScopeViolation):
            await events.find({"tenant_id": {"$in": ["t1", "t2"]}}, index="tenant_id_time")
        with pytest.raises(TenantScopeViolation):  # operators other than a rooted $or
            await events.find({"$where": "1"}, index="tenant_id_time")
        assert await store.database["relationship_events"].count_documents({}) == 0

    asyncio.run(run())


async def _store() -> Store:
    """A fresh embedded store (Beanie documents need it bound before they are built)."""
    return await connect(Settings(mongodb_uri=None, database_name="scoping"))


# Ids a tenant application might send, hostile ones included (they are values, never keys).
user_ids = st.sampled_from(["a", "b", "tenant_id", "$in", "t2", "x.y", "a:b@c"]) | st.text(
    "abc$._:@-", min_size=1, max_size=6
)


async def _exercise_every_repository(ctx: TenantContext, a: str, b: str, c: str) -> None:
    page = PageRequest(limit=5)
    edge = ctx.edges.new(a, b, RelationshipType.FRIEND, RelationshipStatus.PENDING)
    await ctx.edges.save(edge, previous=None)
    pair = await ctx.edges.load_pair(a, b)
    stored = pair.edge(a, RelationshipType.FRIEND)
    if stored is not None:
        updated = stored.model_copy(update={"status": RelationshipStatus.ACCEPTED})
        await ctx.edges.save(updated, previous=stored)
    await ctx.edges.between(a, [b, c])
    for kind in RelationshipType:
        for incoming in (False, True):
            await ctx.edges.list_page(
                user_id=a, kind=kind, status=RelationshipStatus.ACTIVE, page=page, incoming=incoming
            )
    await ctx.edges.list_page(
        user_id=a,
        kind=RelationshipType.MUTED,
        status=RelationshipStatus.ACTIVE,
        page=page,
        in_force_at=ctx.now(),
    )
    await ctx.edges.list_page(
        user_id=a,
        kind=RelationshipType.FRIEND,
        status=RelationshipStatus.ACCEPTED,
        page=page,
        favorites_only=True,
    )
    grant = await ctx.grants.put(
        owner=a, resource_id=c, grantee=b, permission=Permission.READ, previous=None
    )
    await ctx.grants.put(
        owner=a, resource_id=c, grantee=b, permission=Permission.WRITE, previous=grant
    )
    await ctx.grants.find(owner=a, resource_id=c, grantee=b)
    await ctx.grants.writer(owner=a, resource_id=c)
    await ctx.grants.list_page(owner=a, resource_id=c, page=page)
    await ctx.user_settings.put(a, follow_requires_approval=True)
    await ctx.user_settings.get(a)
    await ctx.events.append(
        actor=a, owner=a, target=b, type=None, action="grant", details={}, visible_to=[a, b]
    )
    await ctx.events.page(visible_to=a, page=page)
    await ctx.events.page(visible_to=None, page=page)
    await ctx.grants.delete_given(owner=a, grantee=b)
    await ctx.grants.delete_between(a, b)
    await ctx.grants.delete(owner=a, resource_id=c, grantee=b)
    await ctx.grants.erase_user(a)
    await ctx.edges.delete_between(a, b, list(RelationshipType), present=Pair([edge]))
    await ctx.edges.timed_mutes_in_force(a, ctx.now())
    await ctx.counts.of([a, b])
    await ctx.counts.erase_user(a)
    await ctx.edges.delete(edge)
    await ctx.edges.erase_user(a)
    await ctx.user_settings.erase_user(a)


def _check_call(call: DriverCall) -> None:
    if call.query is not None:
        assert_confined(call.query)
    if call.operation == "insert":
        assert call.payload["tenant_id"] == TENANT
        assert not names_a_tenant({k: v for k, v in call.payload.items() if k != "tenant_id"})
    elif call.operation == "update":
        # Only the versioned overwrite restates the document's own (caller's) tenant.
        restated = call.payload.get("$set", {}).get("tenant_id", TENANT)
        assert restated == TENANT


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(user_ids, user_ids, user_ids)
def test_every_repository_stays_inside_its_tenant(a: str, b: str, c: str) -> None:
    async def run() -> None:
        store = await _store()
        calls: list[DriverCall] = []
        store.observers.append(calls.append)
        moment = SystemClock().now()
        ctx = TenantContext.bind(store, tenant_id=TENANT, settings=TenantSettings(), moment=moment)
        other = TenantContext.bind(store, tenant_id="t2", settings=TenantSettings(), moment=moment)
        await other.user_settings.put(a, follow_requires_approval=False)  # a neighbour's data
        calls.clear()
        await _exercise_every_repository(ctx, a, b, c)
        assert {call.operation for call in calls} == {
            "find",
            "find_one",
            "count",
            "insert",
            "update",
            "delete",
        }
        for call in calls:
            _check_call(call)
        # And the neighbour's document is untouched by everything t1 did (erase included).
        assert await store.database["user_settings"].count_documents({"tenant_id": "t2"}) == 1

    asyncio.run(run())
