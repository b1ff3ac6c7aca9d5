"""HTTP for blocks; the rules live in ``service.blocks.rules``."""

from fastapi import Response, status
from pydantic import ConfigDict

from models.enums import RelationshipType
from models.relationship import Blocking
from service.blocks import rules
from service.core.data.pagination import Page
from service.core.errors import SelfRelationship
from service.core.http.auth import AppContext
from service.core.http.bodies import RequestBody
from service.core.http.declared import problems
from service.core.http.params import PageParams, UserIdPath
from service.core.http.routing import user_router
from service.core.http.views import EdgeView, answer, to_page
from service.core.ids import ShortText, UserId

router = user_router(feature=RelationshipType.BLOCKED, tag="blocks")


class BlockView(EdgeView):
    blocking: Blocking


class BlockBody(RequestBody):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"reason": "spam", "report_id": "report-4711"}]}
    )

    reason: ShortText | None = None
    report_id: UserId | None = None


@router.put("/blocks/{other_id}", response_model=BlockView, status_code=status.HTTP_201_CREATED)
@problems(SelfRelationship)
async def block(
    user_id: UserIdPath,
    other_id: UserIdPath,
    ctx: AppContext,
    response: Response,
    body: BlockBody | None = None,
) -> BlockView:
    """Block ``other_id``: ends friendship, requests and follows between the two."""
    body = body or BlockBody()
    outcome = await rules.block(
        ctx, user_id=user_id, other_id=other_id, reason=body.reason, report_id=body.report_id
    )
    return answer(BlockView, outcome, user_id, response)


@router.delete("/blocks/{other_id}", status_code=status.HTTP_204_NO_CONTENT)
@problems(SelfRelationship)
async def unblock(user_id: UserIdPath, other_id: UserIdPath, ctx: AppContext) -> None:
    """Lift the block on ``other_id``; nothing it ended is restored."""
    await rules.unblock(ctx, user_id=user_id, other_id=other_id)


@router.get("/blocks", response_model=Page[BlockView])
async def list_blocks(user_id: UserIdPath, ctx: AppContext, page: PageParams) -> Page[BlockView]:
    """Whom the user blocks, newest first."""
    edges, cursor = await rules.list_blocks(ctx, user_id=user_id, page=page)
    return to_page(BlockView, edges, cursor, user_id)
