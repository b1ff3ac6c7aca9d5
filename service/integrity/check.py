"""Scanning a tenant for broken invariants, and repairing a pair (``relationships check``).

The scan reads by index, in batches: a batch of edges (or grants) in ``_id`` order, then, for
every pair they name, all edges, grants and events among those users in one query each. A
repair is a step on its pair, like any other, so it never races a request on that pair.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from models.enums import EventAction, RelationshipStatus, RelationshipType
from models.grant import ResourceGrant
from models.relationship import Friendship, UserRelationship
from service.core.data.pair import Pair
from service.core.errors import Conflict
from service.core.steps.context import TenantContext
from service.core.steps.runner import on_pair
from service.grants.rules import revoke_unjustified
from service.integrity.counts import CountMismatch, Recount
from service.integrity.rules import (
    Invariant,
    Violation,
    about_pair,
    history_state,
    pair_state,
    violations,
)

DEFAULT_BATCH = 200
OPERATOR = "operator"


@dataclass
class Report:
    pairs_checked: int = 0
    violations: list[Violation] = field(default_factory=list)
    repaired: int = 0
    busy: int = 0  # pairs a repair could not take: a running step, or a crashed one's lease
    count_mismatches: list[CountMismatch] = field(default_factory=list)
    events_keyed: int = 0  # events from before pair keys, given theirs


def _ordered(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


async def _check_batch(
    ctx: TenantContext, pairs: Sequence[tuple[str, str]], report: Report
) -> None:
    users = sorted({user for pair in pairs for user in pair})
    edges_by_pair: dict[tuple[str, str], list[UserRelationship]] = defaultdict(list)
    for edge in await ctx.edges.among(users):
        edges_by_pair[_ordered(edge.user_id, edge.target_user_id)].append(edge)
    grants_by_pair: dict[tuple[str, str], list[ResourceGrant]] = defaultdict(list)
    for grant in await ctx.grants.among(users):
        grants_by_pair[_ordered(grant.owner_id, grant.grantee_id)].append(grant)
    events = await ctx.events.about_pairs(pairs)
    for a, b in pairs:
        found = violations(
            Pair(edges_by_pair[(a, b)]),
            a,
            b,
            grants=grants_by_pair[(a, b)],
            history=about_pair(events, a, b),
        )
        report.violations += found
        report.pairs_checked += 1


async def check_tenant(
    ctx: TenantContext,
    *,
    batch: int = DEFAULT_BATCH,
    on_batch: Callable[[int], None] = lambda _: None,
) -> Report:
    """Every broken invariant of the tenant (every pair that has an edge, a grant or an event),
    and every count that disagrees with the edges.
    ``on_batch`` is told how many documents each batch read (for a progress bar)."""
    report = Report()
    recount = Recount()
    seen: set[tuple[str, str]] = set()
    # First, so that every pair's history is one index range (see EventRepository.about_pairs).
    report.events_keyed = await ctx.events.give_pair_keys(batch=batch, on_batch=on_batch)

    async def visit(named: Iterable[tuple[str, str]], read: int) -> None:
        fresh = sorted({_ordered(a, b) for a, b in named} - seen)
        seen.update(fresh)
        if fresh:
            await _check_batch(ctx, fresh, report)
        on_batch(read)

    after = None
    while edges := await ctx.edges.scan(after=after, limit=batch):
        after = edges[-1].id
        recount.add(edges)
        await visit(((e.user_id, e.target_user_id) for e in edges), len(edges))
    after = None
    while grants := await ctx.grants.scan(after=after, limit=batch):
        after = grants[-1].id
        await visit(((g.owner_id, g.grantee_id) for g in grants), len(grants))
    # A pair with neither edge nor grant may still have a history that claims one (a crash
    # between writing an event and its edge, or an edge deleted under its history).
    before = None
    while events := await ctx.events.scan(before=before, limit=batch):
        before = events[-1].id
        named = ((e.owner, e.target) for e in events if e.owner != e.target)
        await visit(named, len(events))
    report.count_mismatches = await recount.mismatches(ctx, batch=batch)
    return report


@on_pair("a", "b")
async def repair_pair(ctx: TenantContext, *, a: str, b: str) -> list[Invariant]:
    """Bring the pair back to a valid state, recorded as one ``repaired`` event.

    A block wins (friendship, requests, follows and grants between the two go); a one-sided
    friendship is completed when its history says it was accepted, removed otherwise; grants
    nothing justifies go; and the event states the result, so the history agrees with it.
    """
    pair = await ctx.edges.load_pair(a, b)
    grants = await ctx.grants.among([a, b])
    history = about_pair(await ctx.events.about_pairs([(a, b)]), a, b)
    fixed = [v.invariant for v in violations(pair, a, b, grants=grants, history=history)]
    if not fixed:
        return []
    if pair.blocked:
        await ctx.edges.delete_between(
            a, b, [RelationshipType.FRIEND, RelationshipType.FOLLOWING], present=pair
        )
        await ctx.grants.delete_between(a, b)
        pair = Pair(
            e for e in pair if e.type not in (RelationshipType.FRIEND, RelationshipType.FOLLOWING)
        )
    elif Invariant.ONE_SIDED_FRIENDSHIP in fixed:
        pair = await _mend_friendship(ctx, pair, a, b, history_state(history, a, b).friend)
    await revoke_unjustified(ctx, pair, a, b)
    blocker = next((e.user_id for e in pair if e.type is RelationshipType.BLOCKED), a)
    other = b if blocker == a else a
    state = pair_state(pair, a, b).as_details()
    shared = {"friend": state["friend"], "following": state["following"]}
    # Contacts and blocks are private to the user who holds them: what the repair left of each
    # side's goes into an event only that side sees (the history then explains every edge). The
    # shared event is written last, so it is the newest of the three.
    for owner, target in ((a, b), (b, a)):
        direction = f"{owner}->{target}"
        await ctx.events.append(
            actor=OPERATOR,
            owner=owner,
            target=target,
            type=None,
            action=EventAction.REPAIRED,
            details={
                "invariants": sorted(fixed),
                "contact": {direction: state["contact"][direction]},
                "blocked": {direction: state["blocked"][direction]},
            },
            visible_to=[owner],
        )
    await ctx.events.append(
        actor=OPERATOR,
        owner=blocker,
        target=other,
        type=None,
        action=EventAction.REPAIRED,
        details={"invariants": sorted(fixed), **shared},
        visible_to=[blocker] if pair.blocked else [a, b],
    )
    return fixed


async def _mend_friendship(
    ctx: TenantContext, pair: Pair, a: str, b: str, history_says: str
) -> Pair:
    edges = {user: pair.edge(user, RelationshipType.FRIEND) for user in (a, b)}
    if history_says == "accepted":
        kept = [e for e in pair if e.type is not RelationshipType.FRIEND]
        for user, other in ((a, b), (b, a)):
            edge = edges[user]
            friendship = (edge.friendship if edge else None) or Friendship(accepted_at=ctx.now())
            mended = (
                edge
                or ctx.edges.new(user, other, RelationshipType.FRIEND, RelationshipStatus.ACCEPTED)
            ).model_copy(
                update={
                    "status": RelationshipStatus.ACCEPTED,
                    "is_mutual": True,
                    "friendship": friendship,
                }
            )
            await ctx.edges.save(mended, previous=edge)
            kept.append(mended)
        return Pair(kept)
    for edge in edges.values():
        if edge is not None and edge.status is RelationshipStatus.ACCEPTED:
            await ctx.edges.delete(edge)
    return Pair(
        e
        for e in pair
        if not (e.type is RelationshipType.FRIEND and e.status is RelationshipStatus.ACCEPTED)
    )


async def repair_tenant(ctx: TenantContext, found: Sequence[Violation]) -> tuple[int, int]:
    """Repair every pair named in ``found``; returns how many pairs needed it, and how many
    were busy (left for a later run: a lease a crashed process left lasts a while)."""
    repaired = busy = 0
    for a, b in sorted({(v.a, v.b) for v in found}):
        try:
            if await repair_pair(ctx, a=a, b=b):
                repaired += 1
        except Conflict:
            busy += 1
    return repaired, busy


__all__ = ["Report", "check_tenant", "repair_pair", "repair_tenant"]
