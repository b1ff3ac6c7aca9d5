"""What only a real server shows: transactions that roll back, hints the server checks,
index options it keeps. Runs with ``--wire`` (or ``RELATIONSHIPS_TEST_MONGODB_URI``)."""

import asyncio
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from starlette.types import ASGIApp

from indexes import INDEXES_BY_COLLECTION, EventIndex, RelationshipIndex
from indexes.spec import IndexSpec
from indexes.sync import sync_indexes
from models.enums import Permission
from models.tenant import TenantSettings
from service.app import create_app
from service.blocks import rules as blocks
from service.core.data.database import DuplicateKeyError, StandaloneRefused, Store
from service.core.data.pagination import PageRequest
from service.core.data.repositories import EdgeRepository
from service.core.errors import WriteTaken
from service.core.settings import Settings, TransactionMode
from service.core.steps import changes
from service.core.steps.context import TenantContext
from service.follows import rules as follows
from service.friends import rules as friends
from service.grants import rules as grants
from service.history import rules as history_rules
from tests.helpers import Api, FakeClock, assert_problem
from tests.test_races import interleave

WRITE = Permission.WRITE

pytestmark = pytest.mark.wire
# The background index re-sync is polled every 50 ms, up to a minute: a bound for a broken
# re-sync, not a speed limit (a busy machine can take seconds).
POLLS = 1200


class InjectedFailure(Exception):
    pass


async def all_edges(ctx: TenantContext, *users: str) -> list[tuple[str, str, str, str]]:
    found = []
    for user in users:
        for other in users:
            if user < other:
                pair = await ctx.edges.load_pair(user, other)
                found += [(e.user_id, e.target_user_id, e.type, e.status) for e in pair]
    return sorted(found)


async def all_actions(ctx: TenantContext) -> list[str]:
    found, _ = await history_rules.history_page(ctx, user_id=None, page=PageRequest(limit=200))
    return [e.action for e in found]


def fail_on_call(monkeypatch: pytest.MonkeyPatch, module: Any, name: str, number: int) -> None:
    """Make the ``number``-th call of ``module.name`` in this test raise."""
    original = getattr(module, name)
    calls: list[int] = []

    async def failing(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == number:
            raise InjectedFailure(f"{name} call {number}")
        return await original(*args, **kwargs)

    monkeypatch.setattr(module, name, failing)


def test_the_tier_takes_the_production_path(store: Store) -> None:
    assert store.embedded is False
    assert store.transactions is True


async def test_accept_rolls_back_whole(ctx: TenantContext, monkeypatch: pytest.MonkeyPatch) -> None:
    await friends.request_friendship(ctx, requester="a", target="b", message=None)
    before = await all_edges(ctx, "a", "b")
    fail_on_call(monkeypatch, EdgeRepository, "save", 2)  # the mirror edge b -> a
    with pytest.raises(InjectedFailure):
        await friends.accept(ctx, receiver="b", requester="a")
    assert await all_edges(ctx, "a", "b") == before == [("a", "b", "friend", "pending")]
    assert await all_actions(ctx) == ["friend_requested"]


async def test_block_side_effects_roll_back_whole(
    ctx: TenantContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    await friends.request_friendship(ctx, requester="a", target="b", message=None)
    await friends.accept(ctx, receiver="b", requester="a")
    before = await all_edges(ctx, "a", "b")
    monkeypatch.setattr(changes, "record", _raise_injected)  # after the deletes and the insert
    with pytest.raises(InjectedFailure):
        await blocks.block(ctx, user_id="a", other_id="b", reason=None, report_id=None)
    assert await all_edges(ctx, "a", "b") == before
    assert ("a", "b", "blocked", "active") not in before
    assert await all_actions(ctx) == ["friend_accepted", "friend_requested"]


async def _raise_injected(*_: Any, **__: Any) -> None:
    raise InjectedFailure("history write")


async def test_every_declared_index_is_on_the_server_with_its_options(store: Store) -> None:
    for collection in store.collections:
        info = await store.database[collection.name].index_information()
        for spec in INDEXES_BY_COLLECTION[collection.name]:
            assert spec.name in info, spec.name
            assert [tuple(k) for k in info[spec.name]["key"]] == [tuple(k) for k in spec.keys]
            assert bool(info[spec.name].get("unique")) == spec.unique
            if spec.partial_filter:
                assert dict(info[spec.name]["partialFilterExpression"]) == dict(spec.partial_filter)
            if spec.expire_after_seconds is not None:
                assert info[spec.name]["expireAfterSeconds"] == spec.expire_after_seconds


async def test_hints_reach_the_server(api: Api, store: Store, running: ASGIApp) -> None:
    await api.follow("a", "b")
    assert await api.other_ids("/v1/users/a/following") == ["b"]
    await store.database["user_relationships"].drop_index(RelationshipIndex.OWNER_LIST)
    # The query names an index the server no longer has: MongoDB refuses, so the hint is sent;
    # the service answers 503 (never 500) and re-creates the index in the background.
    response = await api.call("GET", "/v1/users/a/following")
    assert_problem(response, 503, "indexes_missing")
    assert response.headers["retry-after"] == "5"
    for _ in range(POLLS):
        if not await store.missing_indexes():
            break
        await asyncio.sleep(0.05)
    assert await api.other_ids("/v1/users/a/following") == ["b"]


async def test_readiness_fails_while_an_index_is_missing(api: Api, store: Store) -> None:
    await store.database["relationship_events"].drop_index(EventIndex.VISIBLE_TO)
    response = await api.client.get("/readyz")
    assert_problem(response, 503, "indexes_missing")
    assert EventIndex.VISIBLE_TO in response.json()["detail"]
    for _ in range(POLLS):  # readiness itself asked for the re-sync
        if (await api.client.get("/readyz")).status_code == 200:
            break
        await asyncio.sleep(0.05)
    assert (await api.client.get("/readyz")).json()["status"] == "ready"


async def test_a_standalone_server_is_refused_unless_transactions_are_off(
    settings: Settings,
) -> None:
    auto = settings.model_copy(update={"transactions": TransactionMode.AUTO})
    with pytest.raises(StandaloneRefused, match="single-node replica set"):
        async with LifespanManager(create_app(auto)):
            pass
    off = settings.model_copy(update={"transactions": TransactionMode.OFF})
    async with LifespanManager(create_app(off)) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            ready = (await client.get("/readyz")).json()
    assert ready["transactions"] == "off"
    assert ready["pair_guards"] == "lease"
    assert "half-done" in ready["warning"]


async def test_sync_replaces_an_index_whose_definition_changed(store: Store) -> None:
    name = RelationshipIndex.OWNER_LIST
    raw = store.database["user_relationships"]
    await raw.drop_index(name)
    await raw.create_index([("tenant_id", 1), ("user_id", 1)], name=name)
    report = await sync_indexes(store.collections)
    assert ("user_relationships", name, "replaced") in report
    spec: IndexSpec = next(s for s in INDEXES_BY_COLLECTION["user_relationships"] if s.name == name)
    info = await raw.index_information()
    assert [tuple(k) for k in info[name]["key"]] == [tuple(k) for k in spec.keys]


async def test_a_state_change_commits_once(api: Api) -> None:
    response = await api.follow("a", "b")
    # key lookup, pair guard, pair read, settings read, edge insert, the two users' counts,
    # event insert, commit
    assert response.headers["x-db-round-trips"] == "8"


async def test_the_server_enforces_one_writer_per_resource(store: Store) -> None:
    raw = store.database["resource_grants"]
    now = datetime.now(UTC)
    base = {
        "tenant_id": "t1",
        "owner_id": "o",
        "resource_id": "doc",
        "granted_at": now,
        "updated_at": now,
        "version": 0,
    }
    await raw.insert_one({**base, "grantee_id": "a", "permission": "read"})
    await raw.insert_one({**base, "grantee_id": "b", "permission": "read"})
    await raw.insert_one({**base, "grantee_id": "c", "permission": "write"})
    with pytest.raises(DuplicateKeyError):
        await raw.insert_one({**base, "grantee_id": "d", "permission": "write"})


async def test_racing_write_grants_leave_one_writer(
    ctx: TenantContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    for fan in ("b", "c"):
        await follows.follow(ctx, follower=fan, target="a", notifications_enabled=None)

    async def racer() -> None:
        await grants.grant(ctx, owner="a", resource_id="doc", grantee="c", permission=WRITE)

    interleave(monkeypatch, racer)
    with pytest.raises(WriteTaken):
        await grants.grant(ctx, owner="a", resource_id="doc", grantee="b", permission=WRITE)
    listed, _ = await grants.list_grants(ctx, owner="a", resource_id="doc", page=PageRequest())
    assert [(g.grantee_id, g.permission) for g in listed] == [("c", WRITE)]


async def test_a_step_that_lost_a_race_acts_at_its_own_later_moment(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The history is in the order the steps on a pair happened, not the order their requests
    arrived: a request that lost a race to a later one runs again at a later moment."""
    clock = FakeClock()
    ctx = TenantContext.bind(
        store, tenant_id="t1", settings=TenantSettings(), moment=clock.now(), clock=clock
    )

    async def later_request_wins() -> None:
        clock.advance(seconds=2)  # another second: ids made from the two moments differ there
        await friends.request_friendship(ctx, requester="b", target="a", message=None)

    interleave(monkeypatch, later_request_wins)
    outcome = await friends.request_friendship(ctx, requester="a", target="b", message=None)
    assert outcome.edge.status == "accepted"  # both asked: an acceptance
    events, _ = await ctx.events.page(visible_to="a", page=PageRequest(limit=10))
    assert [e.action for e in events] == ["friend_accepted", "friend_requested"]
    assert events[0].at > events[1].at
