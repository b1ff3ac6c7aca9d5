"""State changes and their history events, written together (inside one step).

Each change to an edge appends exactly one event; its from/to statuses come from the edge
before and after, so the rules only say what happened. Who made the change (the user, an
admin and their key, the operator, an import) comes from the call's context, and the tenant's
history retention gives the event its expiry.
"""

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from models.enums import ACTIONS_VISIBLE_TO_TARGET, EventAction, RelationshipStatus
from models.event import RelationshipEvent
from models.grant import ResourceGrant
from models.relationship import UserRelationship
from service.core.steps.context import TenantContext


def _event(ctx: TenantContext, *, owner: str, target: str, **fields: Any) -> dict[str, Any]:
    """What every event carries: whom it involves, who acted (rule 12), when it expires."""
    retention = ctx.settings.history_retention_days
    return {
        "owner": owner,
        "target": target,
        "involves": sorted({owner, target}),
        "actor_kind": ctx.actor.kind,
        "actor_key_id": ctx.actor.key_id,
        "actor_token_id": ctx.actor.token_id,
        "expires_at": ctx.now() + timedelta(days=retention) if retention else None,
        **fields,
    }


def _edge_event(
    ctx: TenantContext,
    *,
    actor: str,
    edge: UserRelationship,
    action: EventAction,
    from_status: RelationshipStatus | None,
    to_status: RelationshipStatus | None,
    details: dict[str, Any] | None,
) -> dict[str, Any]:
    """An event about ``edge``: the other side sees it only for actions it may learn of."""
    visible_to = [edge.user_id]
    if action in ACTIONS_VISIBLE_TO_TARGET:
        visible_to.append(edge.target_user_id)
    return _event(
        ctx,
        actor=actor,
        owner=edge.user_id,
        target=edge.target_user_id,
        type=edge.type,
        action=action,
        from_status=from_status,
        to_status=to_status,
        details=details or {},
        visible_to=visible_to,
    )


async def _append(
    ctx: TenantContext, *, owner: str, target: str, **fields: Any
) -> RelationshipEvent:
    return await ctx.events.append(**_event(ctx, owner=owner, target=target, **fields))


async def record(
    ctx: TenantContext,
    *,
    actor: str,
    edge: UserRelationship,
    action: EventAction,
    from_status: RelationshipStatus | None,
    to_status: RelationshipStatus | None,
    details: dict[str, Any] | None = None,
) -> None:
    """Append one event about ``edge``."""
    await ctx.events.append(
        **_edge_event(
            ctx,
            actor=actor,
            edge=edge,
            action=action,
            from_status=from_status,
            to_status=to_status,
            details=details,
        )
    )


async def save_and_record(
    ctx: TenantContext,
    edge: UserRelationship,
    *,
    previous: UserRelationship | None,
    actor: str,
    action: EventAction,
    details: dict[str, Any] | None = None,
) -> None:
    """Insert ``edge`` or overwrite ``previous`` with it, and record the change."""
    await ctx.edges.save(edge, previous=previous)
    await record(
        ctx,
        actor=actor,
        edge=edge,
        action=action,
        from_status=previous.status if previous else None,
        to_status=edge.status,
        details=details,
    )


async def save_many_and_record(
    ctx: TenantContext,
    saves: Sequence[tuple[UserRelationship, UserRelationship | None]],
    *,
    action: EventAction,
    details: dict[str, Any],
) -> None:
    """:func:`save_and_record` for many edges: one bulk write, then one insert of their events.

    Each change's actor is its edge's owner (an import acts for the user whose edge it is).
    """
    if not saves:
        return
    await ctx.edges.save_many(saves)
    await ctx.events.append_many(
        [
            _edge_event(
                ctx,
                actor=edge.user_id,
                edge=edge,
                action=action,
                from_status=previous.status if previous else None,
                to_status=edge.status,
                details=details,
            )
            for edge, previous in saves
        ]
    )


async def delete_and_record(
    ctx: TenantContext,
    edge: UserRelationship,
    *,
    actor: str,
    action: EventAction,
    details: dict[str, Any] | None = None,
) -> bool:
    """Delete ``edge`` and record it, unless a concurrent request deleted (and recorded) it."""
    if not await ctx.edges.delete(edge):
        return False
    await record(
        ctx,
        actor=actor,
        edge=edge,
        action=action,
        from_status=edge.status,
        to_status=None,
        details=details,
    )
    return True


async def record_grant(
    ctx: TenantContext,
    *,
    actor: str,
    grant: ResourceGrant,
    action: EventAction,
    details: dict[str, Any],
) -> None:
    """Append one event about a resource grant; both owner and grantee see it."""
    await _append(
        ctx,
        actor=actor,
        owner=grant.owner_id,
        target=grant.grantee_id,
        type=None,
        action=action,
        details={"resource_id": grant.resource_id, **details},
        visible_to=[grant.owner_id, grant.grantee_id],
    )


async def record_list_change(
    ctx: TenantContext,
    *,
    owner: str,
    action: EventAction,
    list_id: str,
    member: str | None,
    details: dict[str, Any],
) -> None:
    """Append one event about the owner's list (or a member of it): the owner alone sees it,
    a member never learns (lists are private)."""
    await _append(
        ctx,
        actor=owner,
        owner=owner,
        target=member or owner,
        type=None,
        action=action,
        details={"list_id": list_id, **details},
        visible_to=[owner],
    )


async def record_user_erased(ctx: TenantContext, *, alias: str, details: dict[str, Any]) -> None:
    """The erase itself, about the erased user's pseudonym ``alias``: counts only."""
    await _append(
        ctx,
        actor=ctx.actor.kind,
        owner=alias,
        target=alias,
        type=None,
        action=EventAction.USER_ERASED,
        details=details,
        visible_to=[alias],
    )
