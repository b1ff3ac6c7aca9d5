"""Contacts: the user's private address book entries about other users."""

from models.enums import EventAction, RelationshipStatus, RelationshipType
from models.relationship import ContactMetadata, UserRelationship
from service.core import edges
from service.core.changes import delete_and_record, save_and_record
from service.core.context import TenantContext, require_other
from service.core.edges import Outcome
from service.core.pagination import PageRequest

CONTACT = RelationshipType.CONTACT
ACTIVE = RelationshipStatus.ACTIVE


async def save_contact(
    ctx: TenantContext, *, user_id: str, other_id: str, metadata: ContactMetadata
) -> Outcome:
    """Create or replace the contact entry; saving the same entry again changes nothing."""
    require_other(user_id, other_id)
    ctx.require_enabled(CONTACT)

    async def step() -> Outcome:
        pair = await edges.load_pair(ctx, user_id, other_id)
        stored = pair.edge(user_id, CONTACT)
        if stored is not None and stored.metadata == metadata:
            return Outcome(stored, created=False)
        if stored is None:
            edge = edges.new_edge(ctx, user_id, other_id, CONTACT, ACTIVE, metadata=metadata)
        else:
            edge = stored.model_copy(update={"metadata": metadata})
        await save_and_record(
            ctx, edge, previous=stored, actor=user_id, action=EventAction.CONTACT_SAVED
        )
        return Outcome(edge, created=stored is None)

    return await ctx.store.transaction(step)


async def remove_contact(ctx: TenantContext, *, user_id: str, other_id: str) -> None:
    require_other(user_id, other_id)
    ctx.require_enabled(CONTACT)

    async def step() -> None:
        pair = await edges.load_pair(ctx, user_id, other_id)
        stored = pair.edge(user_id, CONTACT)
        if stored is not None:
            await delete_and_record(ctx, stored, actor=user_id, action=EventAction.CONTACT_REMOVED)

    await ctx.store.transaction(step)


async def list_contacts(
    ctx: TenantContext, *, user_id: str, page: PageRequest
) -> tuple[list[UserRelationship], str | None]:
    ctx.require_enabled(CONTACT)
    return await edges.list_page(ctx, user_id=user_id, kind=CONTACT, status=ACTIVE, page=page)
