"""HTTP for a tenant admin acting on a user's behalf: their mutes and nicknames.

The admin routes run the user's own rules; the history records the admin and their key.
"""

from datetime import datetime
from typing import Literal

from fastapi import status
from pydantic import BaseModel, ConfigDict

from models.enums import RelationshipType
from service.admin import nicknames
from service.core.data.pagination import Page
from service.core.errors import NotFound, SelfRelationship
from service.core.http.auth import AdminContext, admin_context
from service.core.http.bodies import RequestBody
from service.core.http.declared import problems
from service.core.http.params import PageParams, UserIdPath
from service.core.http.routing import admin_user_router
from service.core.ids import Nickname
from service.mutes.router import add_mute_routes

mutes_router = admin_user_router(feature=RelationshipType.MUTED)
add_mute_routes(mutes_router, admin_context)

nicknames_router = admin_user_router()


class NicknameView(BaseModel):
    user_id: str  # the nicknamed user
    type: RelationshipType
    nickname: str
    updated_at: datetime


class NicknameBody(RequestBody):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"nickname": "Jane (work)", "type": "contact"}]}
    )

    nickname: Nickname
    type: Literal["friend", "contact"]


@nicknames_router.get("/nicknames", response_model=Page[NicknameView])
async def list_nicknames(
    user_id: UserIdPath, ctx: AdminContext, page: PageParams
) -> Page[NicknameView]:
    """Every friend and contact of the user that carries a nickname, newest first."""
    edges, cursor = await nicknames.list_nicknames(ctx, user_id=user_id, page=page)
    items = [
        NicknameView(
            user_id=e.target_user_id,
            type=e.type,
            nickname=nicknames.nickname_of(e) or "",
            updated_at=e.updated_at,
        )
        for e in edges
    ]
    return Page[NicknameView](items=items, next_cursor=cursor)


@nicknames_router.put("/nicknames/{other_id}", response_model=NicknameView)
@problems(NotFound, SelfRelationship)
async def set_nickname(
    user_id: UserIdPath, other_id: UserIdPath, body: NicknameBody, ctx: AdminContext
) -> NicknameView:
    """Set the user's nickname for a friend or a contact (404: no such friend or contact)."""
    outcome = await nicknames.set_nickname(
        ctx,
        user_id=user_id,
        other_id=other_id,
        kind=RelationshipType(body.type),
        nickname=body.nickname,
    )
    return NicknameView(
        user_id=other_id,
        type=outcome.edge.type,
        nickname=nicknames.nickname_of(outcome.edge) or "",
        updated_at=outcome.edge.updated_at,
    )


@nicknames_router.delete("/nicknames/{other_id}", status_code=status.HTTP_204_NO_CONTENT)
@problems(SelfRelationship)
async def clear_nickname(user_id: UserIdPath, other_id: UserIdPath, ctx: AdminContext) -> None:
    """Clear the user's nickname for ``other_id``, on the friend and the contact alike."""
    await nicknames.clear_nicknames(ctx, user_id=user_id, other_id=other_id)
