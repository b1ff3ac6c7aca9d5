"""The change feed: every committed event of the tenant, exactly once, in commit-safe order.

Event ids carry the moment their step acted (``id_at``), not the moment it committed, so a
cursor over ids alone would skip an event whose step took its id early and committed late,
after a reader had moved past it. The feed therefore reads only up to a *horizon* that lags the
clock by :func:`feed_lag`: longer than any step may still write after taking its moment (the step
budget answers 409 instead), so every event older than the horizon has committed or never will. A
reader is ``feed_lag_seconds`` behind real time, and in exchange nothing is skipped or repeated
and no step pays for the feed (no sequence counter, no extra write).

Change streams would give lower latency, but neither the embedded backend nor every deployment
has them; the horizon works on all of them and gives every reader the same order: the ids'.
"""

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bson import ObjectId

from models.enums import EventAction
from models.event import RelationshipEvent
from service.core.clock import Clock
from service.core.data.pagination import encode_cursor, id_floor
from service.core.errors import CursorExpired
from service.core.settings import Settings
from service.core.steps.context import TenantContext
from service.core.steps.runner import fence_seconds

MAX_WAIT_SECONDS = 30
POLL_SECONDS = 0.25  # how often a long poll looks again


@dataclass(frozen=True)
class FeedPage:
    events: list[RelationshipEvent]
    resume_after: ObjectId  # the cursor to read on from, also after an empty page


def feed_lag(settings: Settings) -> float:
    """``feed_lag_seconds``, or by default as long as a step may still write after it took its
    moment: its budget, one more for a lease-mode step finishing the writes it began, and a
    margin (the same window a tenant deletion waits out)."""
    if settings.feed_lag_seconds is not None:
        return settings.feed_lag_seconds
    return fence_seconds(settings.step_budget_seconds)


def horizon(now: datetime, lag_seconds: float) -> ObjectId:
    """The first id the feed may not show yet: every event below it has committed or never
    will (ids are whole seconds, so the horizon is a second's first id)."""
    return id_floor(now - timedelta(seconds=lag_seconds))


def oldest_kept(ctx: TenantContext, now: datetime) -> ObjectId | None:
    """The first id still kept under the tenant's history retention (None: kept forever)."""
    days = ctx.settings.history_retention_days
    return None if days is None else id_floor(now - timedelta(days=days))


async def read_feed(
    ctx: TenantContext,
    *,
    now: datetime,
    after: ObjectId | None,
    actions: Sequence[EventAction],
    limit: int,
    lag_seconds: float,
) -> FeedPage:
    """One page of the feed after ``after`` (from the start without one)."""
    oldest = oldest_kept(ctx, now)
    if after is not None and oldest is not None and after < oldest:
        raise CursorExpired(
            "Events after this cursor are past the tenant's history retention.",
            oldest_cursor=encode_cursor(oldest),
        )
    until = horizon(now, lag_seconds)
    if after is not None and after >= until:  # read up to the horizon already
        return FeedPage([], after)
    events = await ctx.events.oldest_first(after=after, before=until, actions=actions, limit=limit)
    if len(events) == limit:
        return FeedPage(events, events[-1].id or until)
    # Fewer than asked: everything below the horizon has been read, so resume from there
    # (a reader of rare types does not read the same stretch again).
    return FeedPage(events, until)


async def follow_feed(
    ctx: TenantContext,
    clock: Clock,
    *,
    after: ObjectId | None,
    actions: Sequence[EventAction],
    limit: int,
    lag_seconds: float,
    wait_seconds: float,
) -> FeedPage:
    """Like :func:`read_feed`, but wait up to ``wait_seconds`` (by ``clock``) for an event
    when there is none yet (a long poll)."""
    deadline = clock.now() + timedelta(seconds=wait_seconds)
    while True:
        now = clock.now()
        page = await read_feed(
            ctx, now=now, after=after, actions=actions, limit=limit, lag_seconds=lag_seconds
        )
        if page.events or now >= deadline:
            return page
        after = page.resume_after
        await asyncio.sleep(POLL_SECONDS)
