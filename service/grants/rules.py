"""Resource grants (seed 003's deed permissions, generalised), and their revocation when the
connection that justified them ends."""

from models.enums import EventAction, Permission, RelationshipStatus, RelationshipType
from models.grant import ResourceGrant
from service.core.data.pagination import PageRequest
from service.core.data.pair import Pair
from service.core.errors import Blocked, NotConnected, NotFound, WriteTaken
from service.core.steps.changes import record_grant
from service.core.steps.context import TenantContext, require_other
from service.core.steps.runner import on_pair


def eligible(pair: Pair, *, owner: str, grantee: str) -> bool:
    """Grants go to the owner's accepted friends and active followers."""
    friends = pair.with_status(owner, RelationshipType.FRIEND, RelationshipStatus.ACCEPTED)
    follows = pair.with_status(grantee, RelationshipType.FOLLOWING, RelationshipStatus.ACTIVE)
    return friends is not None or follows is not None


@on_pair("owner", "grantee")
async def grant(
    ctx: TenantContext, *, owner: str, resource_id: str, grantee: str, permission: Permission
) -> tuple[ResourceGrant, bool]:
    """Give ``grantee`` ``permission`` on the owner's resource; True when newly created."""
    pair = await ctx.edges.load_pair(owner, grantee)
    if pair.blocked:
        raise Blocked("A block between these users forbids grants.")
    if not eligible(pair, owner=owner, grantee=grantee):
        raise NotConnected(f"'{grantee}' is neither a friend nor a follower of '{owner}'.")
    existing = await ctx.grants.find(owner=owner, resource_id=resource_id, grantee=grantee)
    if existing is not None and existing.permission is permission:
        return existing, False
    if permission is Permission.WRITE:
        writer = await ctx.grants.writer(owner=owner, resource_id=resource_id)
        if writer not in (None, grantee):
            raise WriteTaken(f"'{writer}' holds write access to '{resource_id}'.")
    updated = await ctx.grants.put(
        owner=owner,
        resource_id=resource_id,
        grantee=grantee,
        permission=permission,
        previous=existing,
    )
    details = {"permission": permission.value}
    if existing is not None:
        details["previous_permission"] = existing.permission.value
    await record_grant(ctx, actor=owner, grant=updated, action=EventAction.GRANT, details=details)
    return updated, existing is None


@on_pair("owner", "grantee")
async def revoke(ctx: TenantContext, *, owner: str, resource_id: str, grantee: str) -> None:
    existing = await ctx.grants.find(owner=owner, resource_id=resource_id, grantee=grantee)
    if existing is None:
        return
    if await ctx.grants.delete(owner=owner, resource_id=resource_id, grantee=grantee):
        await record_grant(
            ctx,
            actor=owner,
            grant=existing,
            action=EventAction.GRANT_REVOKED,
            details={"permission": existing.permission.value},
        )


async def get_grant(
    ctx: TenantContext, *, owner: str, resource_id: str, grantee: str
) -> ResourceGrant:
    require_other(owner, grantee)
    found = await ctx.grants.find(owner=owner, resource_id=resource_id, grantee=grantee)
    if found is None:
        raise NotFound(f"'{grantee}' has no grant on '{resource_id}'.")
    return found


async def access(
    ctx: TenantContext, *, grantee: str, owner: str, resource_id: str
) -> Permission | None:
    """What ``grantee`` may do with the owner's resource, in one query: the permission of a
    grant in force (blocks, lost connections and erasure delete grants), or None. Owners hold
    every permission on their own resources."""
    if grantee == owner:
        return Permission.WRITE
    return await ctx.grants.access(owner=owner, resource_id=resource_id, grantee=grantee)


async def list_grants(
    ctx: TenantContext, *, owner: str, resource_id: str, page: PageRequest
) -> tuple[list[ResourceGrant], str | None]:
    return await ctx.grants.list_page(owner=owner, resource_id=resource_id, page=page)


async def revoke_unjustified(ctx: TenantContext, after: Pair, a: str, b: str) -> int:
    """Once a connection ends, grants it justified go: ``after`` is the pair without it."""
    revoked = 0
    for owner, grantee in ((a, b), (b, a)):
        if not eligible(after, owner=owner, grantee=grantee):
            revoked += await ctx.grants.delete_given(owner=owner, grantee=grantee)
    return revoked
