"""HTTP for resource grants; the rules live in ``service.grants.rules``."""

from datetime import datetime
from typing import Annotated

from fastapi import Query, Response, status
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict

from models.enums import Permission
from models.grant import ResourceGrant
from service.core.data.pagination import Page
from service.core.errors import Blocked, NotConnected, NotFound, SelfRelationship, WriteTaken
from service.core.http.auth import AppContext
from service.core.http.bodies import PermissionValue, RequestBody
from service.core.http.declared import problems
from service.core.http.params import PageParams, UserIdPath
from service.core.http.routing import user_router
from service.core.ids import USER_ID_PATTERN
from service.grants import rules
from service.lists.rules import is_member

router = user_router(tag="grants")
GRANT_PATH = "/resources/{resource_id}/grants/{other_id}"


class GrantBody(RequestBody):
    model_config = ConfigDict(json_schema_extra={"examples": [{"permission": "read"}]})

    permission: PermissionValue


class GrantView(BaseModel):
    resource_id: str
    user_id: str  # the grantee
    permission: PermissionValue
    granted_at: datetime
    updated_at: datetime


class AccessView(BaseModel):
    """With ``resource_id``: ``read`` and ``write``; with ``list_id``: ``member``."""

    read: bool | None = None
    write: bool | None = None
    member: bool | None = None  # on the owner's list: in the audience


UserIdQuery = Annotated[str, Query(pattern=USER_ID_PATTERN, max_length=128)]


def _view(grant: ResourceGrant) -> GrantView:
    return GrantView(
        resource_id=grant.resource_id,
        user_id=grant.grantee_id,
        permission=grant.permission,
        granted_at=grant.granted_at,
        updated_at=grant.updated_at,
    )


@router.put(GRANT_PATH, response_model=GrantView, status_code=status.HTTP_201_CREATED)
@problems(Blocked, NotConnected, SelfRelationship, WriteTaken)
async def grant(
    user_id: UserIdPath,
    resource_id: UserIdPath,
    other_id: UserIdPath,
    body: GrantBody,
    ctx: AppContext,
    response: Response,
) -> GrantView:
    """Give a friend or follower read access (any number) or write access (one) to a resource."""
    granted, created = await rules.grant(
        ctx, owner=user_id, resource_id=resource_id, grantee=other_id, permission=body.permission
    )
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return _view(granted)


@router.get(GRANT_PATH, response_model=GrantView)
@problems(NotFound, SelfRelationship)
async def get_grant(
    user_id: UserIdPath, resource_id: UserIdPath, other_id: UserIdPath, ctx: AppContext
) -> GrantView:
    """What ``other_id`` may do with the user's resource (404: nothing)."""
    return _view(
        await rules.get_grant(ctx, owner=user_id, resource_id=resource_id, grantee=other_id)
    )


@router.delete(GRANT_PATH, status_code=status.HTTP_204_NO_CONTENT)
@problems(SelfRelationship)
async def revoke(
    user_id: UserIdPath, resource_id: UserIdPath, other_id: UserIdPath, ctx: AppContext
) -> None:
    """Revoke ``other_id``'s access to the resource."""
    await rules.revoke(ctx, owner=user_id, resource_id=resource_id, grantee=other_id)


@router.get("/resources/{resource_id}/grants", response_model=Page[GrantView])
async def list_grants(
    user_id: UserIdPath, resource_id: UserIdPath, ctx: AppContext, page: PageParams
) -> Page[GrantView]:
    """Who has access to the resource, newest first."""
    grants, cursor = await rules.list_grants(ctx, owner=user_id, resource_id=resource_id, page=page)
    return Page[GrantView](items=[_view(g) for g in grants], next_cursor=cursor)


@router.get("/access", response_model=AccessView, response_model_exclude_none=True)
async def access(
    user_id: UserIdPath,
    owner: UserIdQuery,
    ctx: AppContext,
    resource_id: UserIdQuery | None = None,
    list_id: Annotated[str | None, Query(pattern=r"^[0-9a-f]{24}$")] = None,
) -> AccessView:
    """What the user may do with ``owner``'s resource right now (``resource_id``), or whether
    they are in the audience of ``owner``'s list (``list_id``): one query either way; false
    for anything revoked, blocked, removed or never granted. Exactly one of the two."""
    if (resource_id is None) == (list_id is None):
        raise RequestValidationError(
            [
                {
                    "type": "missing",
                    "loc": ("query", "resource_id"),
                    "msg": "Give exactly one of resource_id and list_id.",
                    "input": None,
                }
            ]
        )
    if list_id is not None:
        member = await is_member(ctx, viewer=user_id, owner=owner, list_id=list_id)
        return AccessView(member=member)
    assert resource_id is not None
    permission = await rules.access(ctx, grantee=user_id, owner=owner, resource_id=resource_id)
    return AccessView(read=permission is not None, write=permission is Permission.WRITE)
