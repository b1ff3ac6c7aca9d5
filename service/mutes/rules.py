"""Muting: private to the muter, and absent the moment ``mute_until`` passes."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from models.enums import EventAction, RelationshipStatus, RelationshipType
from models.relationship import Muting, UserRelationship
from service.core.data.pagination import PageRequest
from service.core.data.pair import Outcome
from service.core.errors import MuteEndInPast, NotFound
from service.core.steps.changes import record
from service.core.steps.context import TenantContext, require_other
from service.core.steps.runner import on_pair


@dataclass(frozen=True)
class MuteEnd:
    """When a mute ends: after ``duration_seconds``, at ``mute_until``, or never (both None)."""

    duration_seconds: int | None = None
    mute_until: datetime | None = None

    def resolve(self, now: datetime) -> datetime | None:
        if self.mute_until is not None and self.mute_until <= now:
            raise MuteEndInPast("mute_until is not in the future; omit it for a permanent mute.")
        if self.duration_seconds:
            return now + timedelta(seconds=self.duration_seconds)
        return self.mute_until


def _in_force(edge: UserRelationship | None, now: datetime) -> UserRelationship | None:
    return edge if edge is not None and edge.muting and edge.muting.in_force(now) else None


@on_pair("user_id", "other_id")
async def mute(
    ctx: TenantContext, *, user_id: str, other_id: str, flags: dict[str, bool], end: MuteEnd
) -> Outcome:
    """Mute ``other_id``, replacing the flags and end of any earlier mute (which keeps its
    ``muted_at``); permanent unless given an end."""
    until = end.resolve(ctx.now())
    pair = await ctx.edges.load_pair(user_id, other_id)
    stored = pair.edge(user_id, RelationshipType.MUTED)
    current = _in_force(stored, ctx.now())
    muted_at = current.muting.muted_at if current and current.muting else ctx.now()
    wanted = Muting(muted_at=muted_at, mute_until=until, **flags)
    return await _save(ctx, user_id, other_id, stored, current, wanted)


@on_pair("user_id", "other_id")
async def update_mute(
    ctx: TenantContext,
    *,
    user_id: str,
    other_id: str,
    flags: dict[str, bool],
    end: MuteEnd | None,
) -> Outcome:
    """Change the flags given and, with ``end``, when the mute ends; keep the rest.
    404 when no mute is in force."""
    until = end.resolve(ctx.now()) if end is not None else None
    stored = (await ctx.edges.load_pair(user_id, other_id)).edge(user_id, RelationshipType.MUTED)
    current = _in_force(stored, ctx.now())
    if current is None or current.muting is None:
        raise NotFound(f"'{user_id}' has no mute in force on '{other_id}'.")
    changes: dict[str, object] = dict(flags)
    if end is not None:
        changes["mute_until"] = until
    wanted = current.muting.model_copy(update=changes)
    return await _save(ctx, user_id, other_id, stored, current, wanted)


async def _save(
    ctx: TenantContext,
    user_id: str,
    other_id: str,
    stored: UserRelationship | None,
    current: UserRelationship | None,
    wanted: Muting,
) -> Outcome:
    """Store ``wanted`` on the edge, unless the mute in force is already exactly that."""
    if current is not None and current.muting == wanted:
        return Outcome(current, created=False)
    if stored is None:
        edge = ctx.edges.new(
            user_id, other_id, RelationshipType.MUTED, RelationshipStatus.ACTIVE, muting=wanted
        )
    else:
        edge = stored.model_copy(update={"muting": wanted})
    await ctx.edges.save(edge, previous=stored)
    await record(
        ctx,
        actor=user_id,
        edge=edge,
        action=EventAction.MUTE,
        from_status=RelationshipStatus.ACTIVE if current else None,
        to_status=RelationshipStatus.ACTIVE,
        details=wanted.model_dump(exclude={"muted_at"}),
    )
    return Outcome(edge, created=current is None)


@on_pair("user_id", "other_id")
async def unmute(ctx: TenantContext, *, user_id: str, other_id: str) -> None:
    pair = await ctx.edges.load_pair(user_id, other_id)
    stored = pair.edge(user_id, RelationshipType.MUTED)
    if stored is None or not await ctx.edges.delete(stored):
        return
    if _in_force(stored, ctx.now()) is not None:  # an expired mute ended without an event
        await record(
            ctx,
            actor=user_id,
            edge=stored,
            action=EventAction.UNMUTE,
            from_status=RelationshipStatus.ACTIVE,
            to_status=None,
        )


async def get_mute(ctx: TenantContext, *, user_id: str, other_id: str) -> UserRelationship:
    """The mute in force; 404 when there is none (an expired mute is absent)."""
    require_other(user_id, other_id)
    stored = (await ctx.edges.load_pair(user_id, other_id)).edge(user_id, RelationshipType.MUTED)
    current = _in_force(stored, ctx.now())
    if current is None:
        raise NotFound(f"'{user_id}' has no mute in force on '{other_id}'.")
    return current


async def list_mutes(
    ctx: TenantContext, *, user_id: str, page: PageRequest
) -> tuple[list[UserRelationship], str | None]:
    """Mutes still in force, newest first."""
    return await ctx.edges.list_page(
        user_id=user_id,
        kind=RelationshipType.MUTED,
        status=RelationshipStatus.ACTIVE,
        page=page,
        in_force_at=ctx.now(),
    )
