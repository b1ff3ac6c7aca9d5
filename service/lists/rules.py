"""Lists and their members (no HTTP here).

Lists are private to their owner; anyone may be a member, except a user the owner blocks (a
block takes them off every list of the owner, in the block's own step). Each change is one
history event, visible to the owner only. The tenant's caps (``max_lists``,
``max_list_members``) hold under concurrency as the friend cap does: a step that adds holds
the owner first (``TenantContext.hold_user``), so two adds for one owner run one after the
other and the later one sees the earlier one's list or member.
"""

from typing import Any

from models.enums import EventAction, RelationshipType
from models.user_list import ListMember, UserList
from service.core.data.pagination import PageRequest
from service.core.errors import Blocked, LimitReached, NotFound
from service.core.steps.changes import record_list_change
from service.core.steps.context import TenantContext
from service.core.steps.runner import hold_user, holding, on_pair, step


async def _record(
    ctx: TenantContext,
    *,
    owner: str,
    action: EventAction,
    found: UserList,
    member: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    await record_list_change(
        ctx,
        owner=owner,
        action=action,
        list_id=str(found.id),
        member=member,
        details=details or {},
    )


async def _owned(ctx: TenantContext, owner: str, list_id: str) -> UserList:
    found = await ctx.lists.get(owner, list_id)
    if found is None:
        raise NotFound(f"'{owner}' has no list '{list_id}'.")
    return found


@holding("owner")
async def create_list(
    ctx: TenantContext, *, owner: str, name: str, description: str | None
) -> UserList:
    cap = ctx.settings.max_lists
    if await ctx.lists.count(owner) >= cap:
        raise LimitReached(f"'{owner}' has reached the tenant's cap of {cap} lists.")
    created = await ctx.lists.create(owner, name=name, description=description)
    await _record(ctx, owner=owner, action=EventAction.LIST_CREATED, found=created)
    return created


async def get_list(ctx: TenantContext, *, owner: str, list_id: str) -> UserList:
    return await _owned(ctx, owner, list_id)


@step
async def change_list(
    ctx: TenantContext, *, owner: str, list_id: str, changes: dict[str, Any]
) -> UserList:
    """Set the fields sent; one event when something really changed."""
    found = await _owned(ctx, owner, list_id)
    changed = {k: v for k, v in changes.items() if getattr(found, k) != v}
    if not changed:
        return found
    updated = await ctx.lists.change(found, changed)
    await _record(ctx, owner=owner, action=EventAction.LIST_CHANGED, found=updated, details=changed)
    return updated


@holding("owner")  # no add lands on a list being deleted
async def delete_list(ctx: TenantContext, *, owner: str, list_id: str) -> None:
    found = await ctx.lists.get(owner, list_id)
    if found is None:
        return
    await ctx.lists.delete(found)
    await _record(
        ctx,
        owner=owner,
        action=EventAction.LIST_DELETED,
        found=found,
        details={"members": found.member_count},
    )


async def list_lists(
    ctx: TenantContext, *, owner: str, member: str | None, page: PageRequest
) -> tuple[list[UserList], str | None]:
    return await ctx.lists.page(owner, page=page, member=member)


@on_pair("owner", "member")
async def add_member(
    ctx: TenantContext, *, owner: str, list_id: str, member: str
) -> tuple[ListMember, bool]:
    """Put ``member`` on the list (idempotent); the membership and whether it is new."""
    await hold_user(ctx, owner)
    found = await _owned(ctx, owner, list_id)
    existing = await ctx.lists.membership(owner, list_id, member)
    if existing is not None:
        return existing, False
    blocking = (await ctx.edges.load_pair(owner, member)).edge(owner, RelationshipType.BLOCKED)
    if blocking is not None:
        raise Blocked(f"'{owner}' blocks '{member}': a blocked user is on none of their lists.")
    cap = ctx.settings.max_list_members
    if found.member_count >= cap:
        raise LimitReached(f"The list has reached the tenant's cap of {cap} members.")
    added = await ctx.lists.add_member(found, member)
    await _record(
        ctx, owner=owner, action=EventAction.LIST_MEMBER_ADDED, found=found, member=member
    )
    return added, True


@on_pair("owner", "member")
async def remove_member(ctx: TenantContext, *, owner: str, list_id: str, member: str) -> None:
    found = await ctx.lists.get(owner, list_id)
    if found is None or not await ctx.lists.remove_member(found, member):
        return
    await _record(
        ctx, owner=owner, action=EventAction.LIST_MEMBER_REMOVED, found=found, member=member
    )


async def list_members(
    ctx: TenantContext, *, owner: str, list_id: str, page: PageRequest
) -> tuple[list[ListMember], str | None]:
    found = await _owned(ctx, owner, list_id)
    return await ctx.lists.member_page(found, page=page)


async def is_member(ctx: TenantContext, *, viewer: str, owner: str, list_id: str) -> bool:
    """The audience check: whether ``viewer`` is on ``owner``'s list (one query)."""
    return await ctx.lists.membership(owner, list_id, viewer) is not None
