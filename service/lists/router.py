"""HTTP for lists; the rules live in ``service.lists.rules``."""

from datetime import datetime
from typing import Annotated

from fastapi import Query, Response, status
from pydantic import BaseModel, ConfigDict, Field

from models.user_list import ListMember, UserList
from service.core.data.pagination import Page
from service.core.errors import Blocked, LimitReached, NotFound, SelfRelationship
from service.core.http.auth import AppContext
from service.core.http.bodies import RequestBody
from service.core.http.declared import problems
from service.core.http.params import PageParams, UserIdPath
from service.core.http.routing import user_router
from service.core.ids import USER_ID_PATTERN
from service.lists import rules

router = user_router(tag="lists")
ListName = Annotated[str, Field(min_length=1, max_length=64)]
ListDescription = Annotated[str, Field(max_length=300)]


class ListBody(RequestBody):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"name": "Close friends", "description": "Stories"}]}
    )

    name: ListName
    description: ListDescription | None = None


class ListPatch(RequestBody):
    """Only the fields sent change; ``description: null`` clears it."""

    name: ListName | None = None
    description: ListDescription | None = None


class ListView(BaseModel):
    list_id: str
    name: str
    description: str | None
    member_count: int
    created_at: datetime


class MemberView(BaseModel):
    user_id: str
    added_at: datetime


def _view(found: UserList) -> ListView:
    return ListView(
        list_id=str(found.id),
        name=found.name,
        description=found.description,
        member_count=found.member_count,
        created_at=found.created_at,
    )


def _member(found: ListMember) -> MemberView:
    return MemberView(user_id=found.member_id, added_at=found.added_at)


LIST_PATH = "/lists/{list_id}"
MEMBER_PATH = "/lists/{list_id}/members/{other_id}"


@router.post("/lists", response_model=ListView, status_code=status.HTTP_201_CREATED)
@problems(LimitReached)
async def create_list(user_id: UserIdPath, body: ListBody, ctx: AppContext) -> ListView:
    """Create a list of the user's (private to them)."""
    created = await rules.create_list(
        ctx, owner=user_id, name=body.name, description=body.description
    )
    return _view(created)


@router.get("/lists", response_model=Page[ListView])
async def list_lists(
    user_id: UserIdPath,
    ctx: AppContext,
    page: PageParams,
    member: Annotated[
        str | None,
        Query(pattern=USER_ID_PATTERN, max_length=128, description="Only lists holding them."),
    ] = None,
) -> Page[ListView]:
    """The user's lists, newest first."""
    found, cursor = await rules.list_lists(ctx, owner=user_id, member=member, page=page)
    return Page[ListView](items=[_view(f) for f in found], next_cursor=cursor)


@router.get(LIST_PATH, response_model=ListView)
@problems(NotFound)
async def get_list(user_id: UserIdPath, list_id: UserIdPath, ctx: AppContext) -> ListView:
    return _view(await rules.get_list(ctx, owner=user_id, list_id=list_id))


@router.patch(LIST_PATH, response_model=ListView)
@problems(NotFound)
async def change_list(
    user_id: UserIdPath, list_id: UserIdPath, body: ListPatch, ctx: AppContext
) -> ListView:
    """Rename the list or change its description."""
    changes = body.model_dump(include=body.model_fields_set)
    if changes.get("name", "") is None:
        changes.pop("name")  # a list always has a name
    changed = await rules.change_list(ctx, owner=user_id, list_id=list_id, changes=changes)
    return _view(changed)


@router.delete(LIST_PATH, status_code=status.HTTP_204_NO_CONTENT)
async def delete_list(user_id: UserIdPath, list_id: UserIdPath, ctx: AppContext) -> None:
    """Delete the list and its memberships."""
    await rules.delete_list(ctx, owner=user_id, list_id=list_id)


@router.put(MEMBER_PATH, response_model=MemberView, status_code=status.HTTP_201_CREATED)
@problems(Blocked, LimitReached, NotFound, SelfRelationship)
async def add_member(
    user_id: UserIdPath,
    list_id: UserIdPath,
    other_id: UserIdPath,
    ctx: AppContext,
    response: Response,
) -> MemberView:
    """Put ``other_id`` on the list (201; 200 when already on it)."""
    added, created = await rules.add_member(ctx, owner=user_id, list_id=list_id, member=other_id)
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return _member(added)


@router.delete(MEMBER_PATH, status_code=status.HTTP_204_NO_CONTENT)
@problems(SelfRelationship)
async def remove_member(
    user_id: UserIdPath, list_id: UserIdPath, other_id: UserIdPath, ctx: AppContext
) -> None:
    await rules.remove_member(ctx, owner=user_id, list_id=list_id, member=other_id)


@router.get("/lists/{list_id}/members", response_model=Page[MemberView])
@problems(NotFound)
async def list_members(
    user_id: UserIdPath, list_id: UserIdPath, ctx: AppContext, page: PageParams
) -> Page[MemberView]:
    """The list's members, newest first."""
    found, cursor = await rules.list_members(ctx, owner=user_id, list_id=list_id, page=page)
    return Page[MemberView](items=[_member(f) for f in found], next_cursor=cursor)
