"""Contacts: the user's private address book entries about other users."""

from typing import Any

from models.enums import EventAction, RelationshipStatus, RelationshipType
from models.relationship import ContactMetadata, UserRelationship
from service.core.data.pagination import PageRequest
from service.core.data.pair import Outcome
from service.core.errors import NotFound
from service.core.steps.changes import delete_and_record, save_and_record
from service.core.steps.context import TenantContext, require_other
from service.core.steps.runner import on_pair


@on_pair("user_id", "other_id")
async def save_contact(
    ctx: TenantContext, *, user_id: str, other_id: str, metadata: ContactMetadata
) -> Outcome:
    """Create or replace the contact entry; saving the same entry again changes nothing."""
    pair = await ctx.edges.load_pair(user_id, other_id)
    stored = pair.edge(user_id, RelationshipType.CONTACT)
    if stored is not None and stored.metadata == metadata:
        return Outcome(stored, created=False)
    if stored is None:
        edge = ctx.edges.new(
            user_id,
            other_id,
            RelationshipType.CONTACT,
            RelationshipStatus.ACTIVE,
            metadata=metadata,
        )
    else:
        edge = stored.model_copy(update={"metadata": metadata})
    await save_and_record(
        ctx, edge, previous=stored, actor=user_id, action=EventAction.CONTACT_SAVED
    )
    return Outcome(edge, created=stored is None)


@on_pair("user_id", "other_id")
async def update_contact(
    ctx: TenantContext, *, user_id: str, other_id: str, changes: dict[str, Any]
) -> Outcome:
    """Change only the fields in ``changes`` (None clears one); 404 without a contact."""
    stored = await _stored(ctx, user_id, other_id)
    current = stored.metadata or ContactMetadata()
    metadata = current.model_copy(update=changes)
    if metadata == current:
        return Outcome(stored, created=False)
    edge = stored.model_copy(update={"metadata": metadata})
    changed = sorted(name for name in changes if getattr(current, name) != changes[name])
    await save_and_record(
        ctx,
        edge,
        previous=stored,
        actor=user_id,
        action=EventAction.CONTACT_SAVED,
        details={"changed": changed},
    )
    return Outcome(edge, created=False)


async def get_contact(ctx: TenantContext, *, user_id: str, other_id: str) -> UserRelationship:
    require_other(user_id, other_id)
    return await _stored(ctx, user_id, other_id)


async def _stored(ctx: TenantContext, user_id: str, other_id: str) -> UserRelationship:
    stored = (await ctx.edges.load_pair(user_id, other_id)).edge(user_id, RelationshipType.CONTACT)
    if stored is None:
        raise NotFound(f"'{user_id}' has no contact '{other_id}'.")
    return stored


@on_pair("user_id", "other_id")
async def remove_contact(ctx: TenantContext, *, user_id: str, other_id: str) -> None:
    pair = await ctx.edges.load_pair(user_id, other_id)
    stored = pair.edge(user_id, RelationshipType.CONTACT)
    if stored is not None:
        await delete_and_record(ctx, stored, actor=user_id, action=EventAction.CONTACT_REMOVED)


async def list_contacts(
    ctx: TenantContext, *, user_id: str, page: PageRequest
) -> tuple[list[UserRelationship], str | None]:
    return await ctx.edges.list_page(
        user_id=user_id, kind=RelationshipType.CONTACT, status=RelationshipStatus.ACTIVE, page=page
    )
