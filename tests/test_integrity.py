"""``relationships check``: each broken invariant is found, repaired once, and stays repaired.

Broken states are written straight through the repositories, below the rules, as a race or a
crash without transactions could have left them.
"""

import asyncio
from typing import Any

import pytest
from typer.testing import CliRunner

from models.enums import Permission, RelationshipStatus, RelationshipType
from models.relationship import ContactMetadata
from models.tenant import TenantSettings
from service.blocks import rules as blocks
from service.cli import main as cli
from service.contacts import rules as contacts
from service.core.clock import SystemClock
from service.core.data.database import Store, connect
from service.core.data.pagination import PageRequest
from service.core.settings import Settings
from service.core.steps.context import TenantContext
from service.follows import rules as follows
from service.friends import rules as friends
from service.grants import rules as grants
from service.integrity.check import check_tenant, repair_tenant
from service.integrity.rules import Invariant

FRIEND, FOLLOWING, BLOCKED = (
    RelationshipType.FRIEND,
    RelationshipType.FOLLOWING,
    RelationshipType.BLOCKED,
)
ACCEPTED, ACTIVE = RelationshipStatus.ACCEPTED, RelationshipStatus.ACTIVE


async def put_edge(
    ctx: TenantContext, owner: str, target: str, kind: RelationshipType, status: RelationshipStatus
) -> None:
    await ctx.edges.save(ctx.edges.new(owner, target, kind, status), previous=None)


async def drop_edge(ctx: TenantContext, owner: str, target: str, kind: RelationshipType) -> None:
    edge = (await ctx.edges.load_pair(owner, target)).edge(owner, kind)
    assert edge is not None
    await ctx.edges.delete(edge)


async def invariants(ctx: TenantContext) -> set[Invariant]:
    return {v.invariant for v in (await check_tenant(ctx, batch=3)).violations}


async def check_and_repair(ctx: TenantContext, expected: set[Invariant]) -> None:
    """Finds exactly ``expected``, repairs every pair once, and then finds nothing."""
    report = await check_tenant(ctx, batch=3)
    assert {v.invariant for v in report.violations} == expected
    pairs = {(v.a, v.b) for v in report.violations}
    assert await repair_tenant(ctx, report.violations) == (len(pairs), 0)
    assert await invariants(ctx) == set()
    assert await repair_tenant(ctx, report.violations) == (0, 0)  # nothing left to repair


async def kinds_between(ctx: TenantContext, a: str, b: str) -> set[tuple[str, str, str]]:
    return {(e.user_id, e.type, e.status) for e in await ctx.edges.load_pair(a, b)}


async def last_action(ctx: TenantContext, user: str) -> dict[str, Any]:
    events, _ = await ctx.events.page(visible_to=user, page=PageRequest(limit=1))
    dumped: dict[str, Any] = events[0].model_dump()
    return dumped


async def test_one_sided_friendship_is_completed_when_its_history_says_accepted(
    ctx: TenantContext,
) -> None:
    await friends.request_friendship(ctx, requester="a", target="b", message=None)
    await friends.accept(ctx, receiver="b", requester="a")
    await drop_edge(ctx, "b", "a", FRIEND)
    await check_and_repair(ctx, {Invariant.ONE_SIDED_FRIENDSHIP, Invariant.HISTORY_DISAGREES})
    assert await kinds_between(ctx, "a", "b") == {("a", FRIEND, ACCEPTED), ("b", FRIEND, ACCEPTED)}
    repaired = await last_action(ctx, "a")
    assert repaired["action"] == "repaired"
    assert repaired["details"]["friend"] == "accepted"


async def test_one_sided_friendship_is_removed_when_its_history_does_not(
    ctx: TenantContext,
) -> None:
    await put_edge(ctx, "a", "b", FRIEND, ACCEPTED)  # no request, no event: a crash's leftover
    await check_and_repair(ctx, {Invariant.ONE_SIDED_FRIENDSHIP})
    assert await kinds_between(ctx, "a", "b") == set()


async def test_a_block_wins(ctx: TenantContext) -> None:
    await friends.request_friendship(ctx, requester="a", target="b", message=None)
    await friends.accept(ctx, receiver="b", requester="a")
    await follows.follow(ctx, follower="b", target="a", notifications_enabled=None)
    await grants.grant(ctx, owner="a", resource_id="doc", grantee="b", permission=Permission.READ)
    await put_edge(ctx, "a", "b", BLOCKED, ACTIVE)  # a block whose cascade and event never ran
    await check_and_repair(ctx, {Invariant.SURVIVED_BLOCK, Invariant.HISTORY_DISAGREES})
    assert await kinds_between(ctx, "a", "b") == {("a", BLOCKED, ACTIVE)}
    assert await ctx.grants.among(["a", "b"]) == []
    repaired = await last_action(ctx, "a")  # private to the blocker, like the block
    assert repaired["details"]["invariants"] == ["history_disagrees", "survived_block"]
    assert repaired["visible_to"] == ["a"]


async def test_a_grant_nothing_justifies_is_revoked(ctx: TenantContext) -> None:
    await follows.follow(ctx, follower="b", target="a", notifications_enabled=None)
    await grants.grant(ctx, owner="a", resource_id="doc", grantee="b", permission=Permission.WRITE)
    await drop_edge(ctx, "b", "a", FOLLOWING)  # an unfollow whose revocation never ran
    await check_and_repair(ctx, {Invariant.UNJUSTIFIED_GRANT, Invariant.HISTORY_DISAGREES})
    assert await ctx.grants.among(["a", "b"]) == []


async def test_a_state_its_history_does_not_tell_is_recorded(ctx: TenantContext) -> None:
    await put_edge(ctx, "a", "b", FOLLOWING, ACTIVE)
    await check_and_repair(ctx, {Invariant.HISTORY_DISAGREES})
    assert await kinds_between(ctx, "a", "b") == {("a", FOLLOWING, ACTIVE)}  # state kept
    repaired = await last_action(ctx, "b")
    assert repaired["details"]["following"] == {"a->b": "active", "b->a": None}


async def test_a_contact_without_its_event_is_found_and_recorded_privately(
    ctx: TenantContext,
) -> None:
    # What a crash in lease mode leaves: the import's edges written, their events not.
    await put_edge(ctx, "u1", "b1", RelationshipType.CONTACT, ACTIVE)
    await check_and_repair(ctx, {Invariant.HISTORY_DISAGREES})
    assert await kinds_between(ctx, "u1", "b1") == {("u1", RelationshipType.CONTACT, ACTIVE)}
    mine = await last_action(ctx, "u1")
    assert mine["action"] == "repaired"
    theirs, _ = await ctx.events.page(visible_to="b1", page=PageRequest(limit=10))
    # b1 never learns that u1 keeps them as a contact.
    assert all("u1->b1" not in e.details.get("contact", {}) for e in theirs)
    private, _ = await ctx.events.page(visible_to="u1", page=PageRequest(limit=10))
    assert any(e.details.get("contact") == {"u1->b1": True} for e in private)


async def test_a_history_claiming_a_contact_that_is_not_there_is_found(
    ctx: TenantContext,
) -> None:
    await contacts.save_contact(ctx, user_id="u1", other_id="b1", metadata=ContactMetadata())
    await drop_edge(ctx, "u1", "b1", RelationshipType.CONTACT)  # no edge, no grant: only history
    await check_and_repair(ctx, {Invariant.HISTORY_DISAGREES})
    assert await kinds_between(ctx, "u1", "b1") == set()


async def test_a_block_without_its_event_is_found(ctx: TenantContext) -> None:
    await put_edge(ctx, "a", "b", BLOCKED, ACTIVE)
    await check_and_repair(ctx, {Invariant.HISTORY_DISAGREES})


async def test_ordinary_use_leaves_nothing_to_repair(ctx: TenantContext) -> None:
    await friends.request_friendship(ctx, requester="a", target="b", message=None)
    await friends.reject(ctx, receiver="b", requester="a", reason="no")
    await friends.request_friendship(ctx, requester="b", target="a", message=None)
    await follows.follow(ctx, follower="c", target="a", notifications_enabled=None)
    await follows.unfollow(ctx, follower="c", target="a")
    await follows.follow(ctx, follower="c", target="b", notifications_enabled=False)
    await contacts.save_contact(ctx, user_id="a", other_id="d", metadata=ContactMetadata())
    await contacts.save_contact(ctx, user_id="d", other_id="a", metadata=ContactMetadata())
    await contacts.remove_contact(ctx, user_id="d", other_id="a")
    await blocks.block(ctx, user_id="e", other_id="a", reason=None, report_id=None)
    await blocks.block(ctx, user_id="f", other_id="a", reason=None, report_id=None)
    await blocks.unblock(ctx, user_id="f", other_id="a")
    assert await invariants(ctx) == set()


def _seeded_store() -> Store:
    async def seed() -> Store:
        store = await connect(Settings(mongodb_uri=None, database_name="cli_check"))
        await store.tenants.insert_one(
            {"tenant_id": "t1", "name": "T1", "created_at": SystemClock().now(), "keys": []}
        )
        ctx = TenantContext.bind(
            store, tenant_id="t1", settings=TenantSettings(), moment=SystemClock().now()
        )
        await put_edge(ctx, "a", "b", FRIEND, ACCEPTED)
        return store

    return asyncio.run(seed())


@pytest.mark.embedded_only
def test_the_check_command_reports_then_repairs(monkeypatch: pytest.MonkeyPatch) -> None:
    store = _seeded_store()

    async def same_store(_: Settings) -> Store:
        return store

    monkeypatch.setattr(cli, "connect", same_store)
    monkeypatch.setattr(store, "close", lambda: None)
    monkeypatch.setenv("MONGODB_URI", "mongodb://cli-test.invalid")  # connect is replaced above
    runner = CliRunner()
    found = runner.invoke(cli.app, ["check", "--tenant", "t1"])
    assert found.exit_code == 1, found.output
    assert "one_sided_friendship" in found.output
    assert "1 pairs checked, 1 violations" in found.output
    repaired = runner.invoke(cli.app, ["check", "--repair", "--batch", "1"])
    assert repaired.exit_code == 0, repaired.output
    assert "1 pairs repaired" in repaired.output
    clean = runner.invoke(cli.app, ["check"])
    assert clean.exit_code == 0, clean.output
    assert "0 violations" in clean.output
    unknown = runner.invoke(cli.app, ["check", "--tenant", "nobody"])
    assert unknown.exit_code == 2


async def test_a_pairs_history_is_read_by_its_key_never_with_its_users_other_events(
    ctx: TenantContext, store: Store
) -> None:
    """The check's read of a batch's histories is bounded by what the pairs' users did to each
    other: a celebrity's events with everyone else are not read for one of its pairs."""
    for fan in range(60):
        await follows.follow(ctx, follower=f"fan{fan}", target="star", notifications_enabled=None)
    await friends.request_friendship(ctx, requester="star", target="pal", message=None)
    history = await ctx.events.about_pairs([("pal", "star")])
    assert [(e.owner, e.target, e.action) for e in history] == [("star", "pal", "friend_requested")]
    indexes: list[str | None] = []
    store.observers.append(
        lambda call: (
            indexes.append(call.index) if call.collection == "relationship_events" else None
        )
    )
    assert await invariants(ctx) == set()
    # The tenant's events in batches (the scan), and each batch's pairs by key, nothing else.
    assert set(indexes) == {"tenant_id_time", "tenant_pair_id"}


async def test_events_written_before_pair_keys_are_read_then_given_their_keys(
    ctx: TenantContext, store: Store
) -> None:
    await friends.request_friendship(ctx, requester="a", target="b", message=None)
    await friends.accept(ctx, receiver="b", requester="a")
    # As an older version wrote them: no pair key.
    raw = store.database["relationship_events"]
    await raw.update_many({"tenant_id": "t1"}, {"$unset": {"pair": ""}})
    assert len(await ctx.events.about_pairs([("a", "b")])) == 2
    report = await check_tenant(ctx, batch=1)
    assert report.violations == []
    assert report.events_keyed == 2
    assert await raw.count_documents({"pair": None}) == 0
    assert len(await ctx.events.about_pairs([("b", "a")])) == 2
    assert (await check_tenant(ctx, batch=1)).events_keyed == 0
