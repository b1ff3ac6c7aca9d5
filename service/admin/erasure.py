"""Erasing a user (rule 9): seed 003's cascade, and a history that forgets them.

Every edge in both directions, every grant given or received and the user's settings go; every
end-user token issued to the user is revoked.
Events that named the user keep their shape and still count, but name a per-tenant pseudonym
instead, and lose the personal text they carried (nicknames, notes, reasons, messages).

A heavy user is erased in bounded batches, each its own step (one transaction where the
deployment has them): the relationships with up to ``USERS_PER_BATCH`` other users at a time,
serialised on those pairs, then the user's own documents, then their events ``EVENTS_PER_BATCH``
at a time. Each batch adds what it removed to a progress record kept under the pseudonym, in
the same step, so an erase cut short resumes where it stopped and still reports exact totals.
"""

from collections.abc import Mapping
from typing import Any

from models.enums import EventAction
from models.event import RelationshipEvent
from service.core.steps.changes import record_user_erased
from service.core.steps.context import TenantContext
from service.core.steps.runner import run_on_pairs

PERSONAL_DETAILS = frozenset({"nickname", "notes", "reason", "message", "rejection_reason"})
EVENTS_PER_BATCH = 500
USERS_PER_BATCH = 100
LEFT_COUNTED_UP_TO = 1000  # a progress report counts what is left no further than this
TOTALS = ("edges_removed", "grants_removed", "settings_removed", "events_forgotten")
IN_PROGRESS, DONE = "in_progress", "done"


def _rename(value: Any, user_id: str, alias: str) -> Any:
    if value == user_id:
        return alias
    if isinstance(value, list):
        return [_rename(v, user_id, alias) for v in value]
    if isinstance(value, dict):
        return {k: _rename(v, user_id, alias) for k, v in value.items()}
    return value


def _rename_ended(entry: str, user_id: str, alias: str) -> str:
    """A block's ``ended`` entry, ``kind:owner->target:status`` (ids have no ``>``)."""
    kind, rest = entry.split(":", 1)
    users, status = rest.rsplit(":", 1)
    arrow = users.index(">") - 1
    owner, target = users[:arrow], users[arrow + 2 :]
    return f"{kind}:{_rename(owner, user_id, alias)}->{_rename(target, user_id, alias)}:{status}"


def forgotten(event: RelationshipEvent, user_id: str, alias: str) -> dict[str, Any]:
    """The fields of ``event`` that change once ``user_id`` is erased."""
    details = {
        key: _rename(value, user_id, alias)
        for key, value in event.details.items()
        if key not in PERSONAL_DETAILS
    }
    if event.action is EventAction.BLOCK and isinstance(details.get("ended"), list):
        details["ended"] = [_rename_ended(str(e), user_id, alias) for e in details["ended"]]
    return {
        "actor": _rename(event.actor, user_id, alias),
        "owner": _rename(event.owner, user_id, alias),
        "target": _rename(event.target, user_id, alias),
        "visible_to": _rename(event.visible_to, user_id, alias),
        "involves": sorted(set(_rename(event.involves, user_id, alias))),
        "details": details,
    }


async def erase_user(ctx: TenantContext, *, user_id: str) -> dict[str, Any]:
    """Erase ``user_id``; erasing again answers as the first erase did, and records nothing.

    Each batch runs serialised with every step on a pair it touches, so a step half-way through
    (an accept writing its second edge, say) finishes before the batch, or waits for it.
    """
    alias = await ctx.account.pseudonym(user_id)
    progress = await ctx.user_settings.erasure(alias)
    if progress is None or progress.get("state") != IN_PROGRESS:
        await ctx.user_settings.save_erasure(
            alias, {"state": IN_PROGRESS, **dict.fromkeys(TOTALS, 0)}
        )
    stuck: list[str] = []  # the users of a batch that removed nothing
    while others := await _next_others(ctx, user_id):
        if others == stuck:  # a programming error, not a loop
            raise RuntimeError("a batch left the relationships with its users in place")
        pairs = [(user_id, other) for other in others]
        removed = await run_on_pairs(
            ctx, pairs, lambda at_moment: _erase_with(at_moment, user_id, alias, others)
        )
        stuck = [] if removed else others
    await run_on_pairs(ctx, [], lambda at_moment: _erase_own(at_moment, user_id, alias))
    renamed: set[Any] = set()
    while True:
        batch = await run_on_pairs(
            ctx, [], lambda at_moment: _forget_batch(at_moment, user_id, alias)
        )
        if not batch:
            break
        if renamed & batch:  # a programming error, not a loop
            raise RuntimeError("an event still names the erased user after its rename")
        renamed |= batch
    return await run_on_pairs(ctx, [], lambda at_moment: _finish(at_moment, alias))


async def _next_others(ctx: TenantContext, user_id: str) -> list[str]:
    """The next users (at most ``USERS_PER_BATCH``) the user has an edge, grant or list
    membership with; each batch removes everything with its users, so the next call finds
    others."""
    found = await ctx.edges.others_of(user_id, limit=USERS_PER_BATCH)
    found |= await ctx.grants.others_of(user_id, limit=USERS_PER_BATCH)
    found |= await ctx.lists.others_of(user_id, limit=USERS_PER_BATCH)
    return sorted(found)[:USERS_PER_BATCH]


async def _erase_with(ctx: TenantContext, user_id: str, alias: str, others: list[str]) -> int:
    """Every edge, grant and list membership between the user and ``others``."""
    edges = await ctx.edges.erase_between(user_id, others)
    grants = await ctx.grants.erase_between(user_id, others)
    memberships = await ctx.lists.erase_between(user_id, others)
    await ctx.user_settings.add_to_erasure(
        alias, {"edges_removed": edges, "grants_removed": grants}
    )
    return edges + grants + memberships


async def _erase_own(ctx: TenantContext, user_id: str, alias: str) -> None:
    """The user's own counters (the other users' counts moved as the edges went), their
    lists, suggestion dismissals either way, their settings, and any edge or grant left."""
    await ctx.counts.erase_user(user_id)
    await ctx.lists.erase_user(user_id)
    await ctx.dismissals.erase_user(user_id)
    removed = {
        "edges_removed": await ctx.edges.erase_user(user_id),
        "grants_removed": await ctx.grants.erase_user(user_id),
        "settings_removed": await ctx.user_settings.erase_user(user_id),
    }
    await ctx.user_settings.add_to_erasure(alias, removed)


async def _forget_batch(ctx: TenantContext, user_id: str, alias: str) -> set[Any]:
    """Rename the user in the next ``EVENTS_PER_BATCH`` events about them, in one bulk write
    (a renamed event no longer matches, so each batch reads the next)."""
    batch = await ctx.events.involving_batch(user_id, limit=EVENTS_PER_BATCH)
    if batch:
        await ctx.events.replace_names(
            [(event.id, forgotten(event, user_id, alias)) for event in batch]
        )
    await ctx.user_settings.add_to_erasure(alias, {"events_forgotten": len(batch)})
    return {event.id for event in batch}


async def _finish(ctx: TenantContext, alias: str) -> dict[str, Any]:
    """Log the user's clients out, and record one ``user_erased`` event (none when this erase
    found nothing left: it answers as the erase that did)."""
    progress = await ctx.user_settings.erasure(alias) or {}
    counts = {name: int(progress.get(name, 0)) for name in TOTALS}
    await ctx.user_tokens.revoke_all(alias)
    before = None
    if not any(counts.values()):
        before = await ctx.events.last(user_id=alias, action=EventAction.USER_ERASED)
    if before is not None:
        counts = {name: int(before.details.get(name, 0)) for name in TOTALS}
    else:
        await record_user_erased(ctx, alias=alias, details=counts)
    await ctx.user_settings.save_erasure(alias, {**counts, "state": DONE})
    return {**counts, "pseudonym": alias}


async def erasure_state(ctx: TenantContext, *, user_id: str) -> dict[str, Any]:
    """How far an erase of the user is: its state (``not_started``, ``in_progress``,
    ``done``), what it removed so far, and what is left (counted up to a bound)."""
    alias = await ctx.account.pseudonym(user_id)
    progress: Mapping[str, Any] = await ctx.user_settings.erasure(alias) or {}
    bound = LEFT_COUNTED_UP_TO
    events = await ctx.events.involving_batch(user_id, limit=bound)
    return {
        "pseudonym": alias,
        "state": progress.get("state", "not_started"),
        "done": {name: int(progress.get(name, 0)) for name in TOTALS},
        "left": {
            "edges": await ctx.edges.involving_up_to(user_id, limit=bound),
            "grants": await ctx.grants.involving_up_to(user_id, limit=bound),
            "events": len(events),
        },
        "left_counted_up_to": bound,
    }
