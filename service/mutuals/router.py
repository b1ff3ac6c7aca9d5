"""HTTP for mutual friends and followers you know; the rules live in ``service.mutuals.rules``."""

from pydantic import BaseModel

from models.enums import RelationshipType
from service.core.errors import SelfRelationship
from service.core.http.auth import AppContext
from service.core.http.declared import problems
from service.core.http.params import PageParams, UserIdPath
from service.core.http.routing import user_router
from service.mutuals import rules

friends_router = user_router(feature=RelationshipType.FRIEND, tag="mutuals")
follows_router = user_router(feature=RelationshipType.FOLLOWING, tag="mutuals")


class UserRef(BaseModel):
    user_id: str


class IntersectionPage(BaseModel):
    items: list[UserRef]
    next_cursor: str | None
    total: int  # on every page: the whole intersection


def _view(found: rules.Intersection) -> IntersectionPage:
    return IntersectionPage(
        items=[UserRef(user_id=user) for user in found.user_ids],
        next_cursor=found.next_cursor,
        total=found.total,
    )


@friends_router.get("/mutual-friends/{other_id}", response_model=IntersectionPage)
@problems(SelfRelationship)
async def mutual_friends(
    user_id: UserIdPath, other_id: UserIdPath, ctx: AppContext, page: PageParams
) -> IntersectionPage:
    """Users who are accepted friends of both, newest friendship of the user first."""
    found = await rules.mutual_friends(ctx, user_id=user_id, other_id=other_id, page=page)
    return _view(found)


@follows_router.get("/known-followers/{other_id}", response_model=IntersectionPage)
@problems(SelfRelationship)
async def known_followers(
    user_id: UserIdPath, other_id: UserIdPath, ctx: AppContext, page: PageParams
) -> IntersectionPage:
    """Users whom the user follows and who follow ``other_id`` (both active), newest follow
    of the user first."""
    found = await rules.known_followers(ctx, user_id=user_id, other_id=other_id, page=page)
    return _view(found)
