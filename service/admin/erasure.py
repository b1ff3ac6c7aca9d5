"""Erasing a user (rule 9): seed 003's cascade, and a history that forgets them.

Every edge in both directions, every grant given or received and the user's settings go; every
end-user token issued to the user is revoked.
Events that named the user keep their shape and still count, but name a per-tenant pseudonym
instead, and lose the personal text they carried (nicknames, notes, reasons, messages).
"""

from typing import Any

from models.enums import EventAction
from models.event import RelationshipEvent
from service.core.steps.changes import record_user_erased
from service.core.steps.context import TenantContext
from service.core.steps.runner import run_on_pairs

PERSONAL_DETAILS = frozenset({"nickname", "notes", "reason", "message", "rejection_reason"})
_BATCH = 500


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


async def _forget(ctx: TenantContext, user_id: str, alias: str) -> int:
    """Rename the user in every event about them, a batch at a time (a renamed event no
    longer matches, so each batch reads the next)."""
    renamed: set[Any] = set()
    while batch := await ctx.events.involving_batch(user_id, limit=_BATCH):
        if any(event.id in renamed for event in batch):  # a programming error, not a loop
            raise RuntimeError("an event still names the erased user after its rename")
        # One round trip per batch: each event's own renamed fields, in one bulk write.
        await ctx.events.replace_names(
            [(event.id, forgotten(event, user_id, alias)) for event in batch]
        )
        renamed.update(event.id for event in batch)
    return len(renamed)


async def erase_user(ctx: TenantContext, *, user_id: str) -> dict[str, Any]:
    """Erase ``user_id``; erasing again answers as the first erase did, and records nothing.

    It runs serialised with every step on a pair the user is in, so a step half-way through
    (an accept writing its second edge, say) finishes before the erase, or waits for it.
    """
    others: set[str] = set()
    async for edge in ctx.edges.involving(user_id):
        others |= {edge.user_id, edge.target_user_id}
    async for grant in ctx.grants.involving(user_id):
        others |= {grant.owner_id, grant.grantee_id}
    async for membership in ctx.lists.memberships_of(user_id):
        others |= {membership.owner_id, membership.member_id}
    pairs = [(user_id, other) for other in sorted(others - {user_id})]
    return await run_on_pairs(ctx, pairs, lambda at_moment: _erase(at_moment, user_id))


async def _erase_counts_and_lists(ctx: TenantContext, user_id: str) -> None:
    """The user's own counters (the other users' counts move as the edges go), their lists
    with their members, the user on anyone's list, and suggestion dismissals either way."""
    await ctx.counts.erase_user(user_id)
    await ctx.lists.erase_user(user_id)
    await ctx.dismissals.erase_user(user_id)


async def _erase(ctx: TenantContext, user_id: str) -> dict[str, Any]:
    alias = await ctx.account.pseudonym(user_id)
    await _erase_counts_and_lists(ctx, user_id)
    counts = {
        "edges_removed": await ctx.edges.erase_user(user_id),
        "grants_removed": await ctx.grants.erase_user(user_id),
        "settings_removed": await ctx.user_settings.erase_user(user_id),
        "events_forgotten": await _forget(ctx, user_id, alias),
    }
    await ctx.user_tokens.revoke_all(alias)  # the erased user's clients are logged out
    if not any(counts.values()):
        before = await ctx.events.last(user_id=alias, action=EventAction.USER_ERASED)
        if before is not None:
            return {**counts, **before.details, "pseudonym": alias}
    await record_user_erased(ctx, alias=alias, details=counts)
    return {**counts, "pseudonym": alias}
