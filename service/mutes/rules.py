"""Muting: private to the muter, and absent the moment ``mute_until`` passes."""

from datetime import datetime, timedelta

from models.enums import EventAction, RelationshipStatus, RelationshipType
from models.relationship import Muting, UserRelationship
from service.core.changes import record
from service.core.context import TenantContext, require_other
from service.core.errors import MuteEndInPast
from service.core.pagination import PageRequest
from service.core.pair import Outcome
from service.core.steps import on_pair

MUTED = RelationshipType.MUTED
ACTIVE = RelationshipStatus.ACTIVE


def _in_force(edge: UserRelationship | None, now: datetime) -> UserRelationship | None:
    return edge if edge is not None and edge.muting and edge.muting.in_force(now) else None


@on_pair("user_id", "other_id")
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
    now = ctx.now()
    if mute_until is not None and mute_until <= now:
        raise MuteEndInPast("mute_until is not in the future; omit it for a permanent mute.")
    until = now + timedelta(seconds=duration_seconds) if duration_seconds else mute_until
    pair = await ctx.edges.load_pair(user_id, other_id)
    stored = pair.edge(user_id, MUTED)
    current = _in_force(stored, now)
    wanted = Muting(muted_at=now, mute_until=until, **flags)
    if current is not None and current.muting is not None:
        kept = current.muting.model_dump(exclude={"muted_at"})
        if kept == wanted.model_dump(exclude={"muted_at"}):
            return Outcome(current, created=False)
    if stored is None:
        edge = ctx.edges.new(user_id, other_id, MUTED, ACTIVE, muting=wanted)
    else:
        edge = stored.model_copy(update={"muting": wanted})
    await ctx.edges.save(edge, previous=stored)
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


@on_pair("user_id", "other_id")
async def unmute(ctx: TenantContext, *, user_id: str, other_id: str) -> None:
    require_other(user_id, other_id)
    pair = await ctx.edges.load_pair(user_id, other_id)
    stored = pair.edge(user_id, MUTED)
    if stored is None or not await ctx.edges.delete(stored):
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


async def list_mutes(
    ctx: TenantContext, *, user_id: str, page: PageRequest
) -> tuple[list[UserRelationship], str | None]:
    """Mutes still in force, newest first."""
    return await ctx.edges.list_page(
        user_id=user_id, kind=MUTED, status=ACTIVE, page=page, in_force_at=ctx.now()
    )
