"""Muting: private to the muter, and absent the moment ``mute_until`` passes."""

from datetime import datetime, timedelta
from typing import Any

from models.enums import EventAction, RelationshipStatus, RelationshipType
from models.relationship import Muting, UserRelationship
from service.core import edges
from service.core.changes import record
from service.core.context import TenantContext, require_other
from service.core.edges import Outcome
from service.core.errors import MuteEndInPast
from service.core.pagination import PageRequest

MUTED = RelationshipType.MUTED
ACTIVE = RelationshipStatus.ACTIVE


def in_force_filter(now: datetime) -> dict[str, Any]:
    """The residual filter that hides expired mutes in lists (the TTL purge may lag)."""
    return {"$or": [{"muting.mute_until": None}, {"muting.mute_until": {"$gt": now}}]}


def _in_force(edge: UserRelationship | None, now: datetime) -> UserRelationship | None:
    return edge if edge is not None and edge.muting and edge.muting.in_force(now) else None


async def mute(
    ctx: TenantContext,
    *,
    user_id: str,
    other_id: str,
    flags: dict[str, bool],
    duration_seconds: int | None,
    mute_until: datetime | None,
) -> Outcome:
    """Mute ``other_id``, replacing any earlier mute; permanent unless given an end."""
    require_other(user_id, other_id)
    ctx.require_enabled(MUTED)
    if mute_until is not None and mute_until <= ctx.now():
        raise MuteEndInPast("mute_until is not in the future; omit it for a permanent mute.")

    async def step() -> Outcome:
        now = ctx.now()
        until = now + timedelta(seconds=duration_seconds) if duration_seconds else mute_until
        pair = await edges.load_pair(ctx, user_id, other_id)
        stored = pair.edge(user_id, MUTED)
        current = _in_force(stored, now)
        wanted = Muting(muted_at=now, mute_until=until, **flags)
        if current is not None and current.muting is not None:
            kept = current.muting.model_dump(exclude={"muted_at"})
            if kept == wanted.model_dump(exclude={"muted_at"}):
                return Outcome(current, created=False)
        if stored is None:
            edge = edges.new_edge(ctx, user_id, other_id, MUTED, ACTIVE, muting=wanted)
        else:
            edge = stored.model_copy(update={"muting": wanted})
        await edges.save(ctx, edge, previous=stored)
        await record(
            ctx,
            actor=user_id,
            edge=edge,
            action=EventAction.MUTE,
            from_status=ACTIVE if current else None,
            to_status=ACTIVE,
            details=wanted.model_dump(exclude={"muted_at"}),
        )
        return Outcome(edge, created=current is None)

    return await ctx.store.transaction(step)


async def unmute(ctx: TenantContext, *, user_id: str, other_id: str) -> None:
    require_other(user_id, other_id)
    ctx.require_enabled(MUTED)

    async def step() -> None:
        pair = await edges.load_pair(ctx, user_id, other_id)
        stored = pair.edge(user_id, MUTED)
        if stored is None or not await edges.delete(ctx, stored):
            return
        if _in_force(stored, ctx.now()) is not None:  # an expired mute ended without an event
            await record(
                ctx,
                actor=user_id,
                edge=stored,
                action=EventAction.UNMUTE,
                from_status=ACTIVE,
                to_status=None,
            )

    await ctx.store.transaction(step)


async def list_mutes(
    ctx: TenantContext, *, user_id: str, page: PageRequest
) -> tuple[list[UserRelationship], str | None]:
    """Mutes still in force, newest first."""
    ctx.require_enabled(MUTED)
    return await edges.list_page(
        ctx, user_id=user_id, kind=MUTED, status=ACTIVE, page=page, extra=in_force_filter(ctx.now())
    )
