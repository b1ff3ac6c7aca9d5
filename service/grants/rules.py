"""Resource grants (seed 003's deed permissions, generalised), and their revocation when the
connection that justified them ends."""

from beanie import PydanticObjectId

from indexes import GrantIndex
from models.enums import EventAction, Permission, RelationshipStatus, RelationshipType
from models.grant import ResourceGrant
from service.core import edges
from service.core.changes import record_grant
from service.core.context import TenantContext, require_other
from service.core.edges import Pair
from service.core.errors import Blocked, NotConnected, NotFound, WriteTaken
from service.core.pagination import NEWEST_FIRST, PageRequest, split_page


def eligible(pair: Pair, *, owner: str, grantee: str) -> bool:
    """Grants go to the owner's accepted friends and active followers."""
    friends = pair.with_status(owner, RelationshipType.FRIEND, RelationshipStatus.ACCEPTED)
    follows = pair.with_status(grantee, RelationshipType.FOLLOWING, RelationshipStatus.ACTIVE)
    return friends is not None or follows is not None


def _guard(ctx: TenantContext, owner: str, grantee: str) -> None:
    require_other(owner, grantee)
    ctx.require_module()


def _key(ctx: TenantContext, owner: str, resource_id: str, grantee: str) -> dict[str, str]:
    return {
        "tenant_id": ctx.tenant_id,
        "owner_id": owner,
        "resource_id": resource_id,
        "grantee_id": grantee,
    }


async def find_grant(
    ctx: TenantContext, *, owner: str, resource_id: str, grantee: str
) -> ResourceGrant | None:
    document = await ctx.store.grants.find_one(
        _key(ctx, owner, resource_id, grantee), index=GrantIndex.GRANT
    )
    return ResourceGrant.model_validate(document) if document else None


async def _writer(ctx: TenantContext, owner: str, resource_id: str) -> str | None:
    query = {
        "tenant_id": ctx.tenant_id,
        "owner_id": owner,
        "resource_id": resource_id,
        "permission": Permission.WRITE,
    }
    document = await ctx.store.grants.find_one(query, index=GrantIndex.SINGLE_WRITER)
    return str(document["grantee_id"]) if document else None


async def grant(
    ctx: TenantContext, *, owner: str, resource_id: str, grantee: str, permission: Permission
) -> tuple[ResourceGrant, bool]:
    """Give ``grantee`` ``permission`` on the owner's resource; True when newly created."""
    _guard(ctx, owner, grantee)

    async def step() -> tuple[ResourceGrant, bool]:
        pair = await edges.load_pair(ctx, owner, grantee)
        if pair.blocked:
            raise Blocked("A block between these users forbids grants.")
        if not eligible(pair, owner=owner, grantee=grantee):
            raise NotConnected(f"'{grantee}' is neither a friend nor a follower of '{owner}'.")
        existing = await find_grant(ctx, owner=owner, resource_id=resource_id, grantee=grantee)
        if existing is not None and existing.permission is permission:
            return existing, False
        if permission is Permission.WRITE:
            writer = await _writer(ctx, owner, resource_id)
            if writer not in (None, grantee):
                raise WriteTaken(f"'{writer}' holds write access to '{resource_id}'.")
        now = ctx.now()
        if existing is None:
            updated = ResourceGrant(
                id=PydanticObjectId(),
                **_key(ctx, owner, resource_id, grantee),
                permission=permission,
                granted_at=now,
                updated_at=now,
            )
        else:
            updated = existing.model_copy(
                update={
                    "permission": permission,
                    "updated_at": now,
                    "version": existing.version + 1,
                }
            )
        await ctx.store.grants.put_versioned(
            _key(ctx, owner, resource_id, grantee),
            updated.model_dump(by_alias=True, exclude={"revision_id"}),
            previous_version=existing.version if existing else None,
            index=GrantIndex.GRANT,
        )
        details = {"permission": permission.value}
        if existing is not None:
            details["previous_permission"] = existing.permission.value
        await record_grant(
            ctx, actor=owner, grant=updated, action=EventAction.GRANT, details=details
        )
        return updated, existing is None

    return await ctx.store.transaction(step)


async def revoke(ctx: TenantContext, *, owner: str, resource_id: str, grantee: str) -> None:
    _guard(ctx, owner, grantee)

    async def step() -> None:
        existing = await find_grant(ctx, owner=owner, resource_id=resource_id, grantee=grantee)
        if existing is None:
            return
        key = _key(ctx, owner, resource_id, grantee)
        if await ctx.store.grants.delete_many(key, index=GrantIndex.GRANT):
            await record_grant(
                ctx,
                actor=owner,
                grant=existing,
                action=EventAction.GRANT_REVOKED,
                details={"permission": existing.permission.value},
            )

    await ctx.store.transaction(step)


async def get_grant(
    ctx: TenantContext, *, owner: str, resource_id: str, grantee: str
) -> ResourceGrant:
    _guard(ctx, owner, grantee)
    found = await find_grant(ctx, owner=owner, resource_id=resource_id, grantee=grantee)
    if found is None:
        raise NotFound(f"'{grantee}' has no grant on '{resource_id}'.")
    return found


async def list_grants(
    ctx: TenantContext, *, owner: str, resource_id: str, page: PageRequest
) -> tuple[list[ResourceGrant], str | None]:
    ctx.require_module()
    query = {"tenant_id": ctx.tenant_id, "owner_id": owner, "resource_id": resource_id}
    documents = await ctx.store.grants.find(
        {**query, **page.bound()},
        index=GrantIndex.RESOURCE_LIST,
        sort=NEWEST_FIRST,
        limit=page.limit + 1,
    )
    kept, next_cursor = split_page(documents, page.limit)
    return [ResourceGrant.model_validate(d) for d in kept], next_cursor


async def revoke_between(ctx: TenantContext, a: str, b: str) -> int:
    """Every grant between ``a`` and ``b``, in both directions, in one statement (a block)."""
    both = {"$in": [a, b]}
    query = {"tenant_id": ctx.tenant_id, "grantee_id": both, "owner_id": both}
    return await ctx.store.grants.delete_many(query, index=GrantIndex.GRANTEE)


async def revoke_unjustified(ctx: TenantContext, after: Pair, a: str, b: str) -> int:
    """Once a connection ends, grants it justified go: ``after`` is the pair without it."""
    revoked = 0
    for owner, grantee in ((a, b), (b, a)):
        if not eligible(after, owner=owner, grantee=grantee):
            query = {"tenant_id": ctx.tenant_id, "grantee_id": grantee, "owner_id": owner}
            revoked += await ctx.store.grants.delete_many(query, index=GrantIndex.GRANTEE)
    return revoked


async def erase_grants(ctx: TenantContext, *, user_id: str) -> int:
    """Every grant the user gave or received (the erase cascade)."""
    given = await ctx.store.grants.delete_many(
        {"tenant_id": ctx.tenant_id, "owner_id": user_id}, index=GrantIndex.GRANT
    )
    received = await ctx.store.grants.delete_many(
        {"tenant_id": ctx.tenant_id, "grantee_id": user_id}, index=GrantIndex.GRANTEE
    )
    return given + received
