"""HTTP for suggestions; the rules live in ``service.suggestions.rules``."""

from typing import Annotated

from fastapi import Query, status
from pydantic import BaseModel

from service.core.errors import SelfRelationship
from service.core.http.auth import AppContext
from service.core.http.declared import problems
from service.core.http.params import UserIdPath
from service.core.http.routing import user_router
from service.suggestions import rules
from service.suggestions.rules import Reason

router = user_router(tag="suggestions")


class SuggestionView(BaseModel):
    user_id: str
    mutual_friends: int
    sample: list[str]  # up to 3 of the mutual friends
    reason: Reason


class SuggestionList(BaseModel):
    items: list[SuggestionView]


@router.get("/suggestions", response_model=SuggestionList)
async def suggestions(
    user_id: UserIdPath, ctx: AppContext, limit: Annotated[int, Query(ge=1, le=50)] = 20
) -> SuggestionList:
    """People the user may know, ranked by mutual friends, then by how many of the people
    they follow follow them (a fixed number of queries)."""
    found = await rules.suggest(ctx, user_id=user_id, limit=limit)
    return SuggestionList(
        items=[
            SuggestionView(
                user_id=s.user_id, mutual_friends=s.mutual_friends, sample=s.sample, reason=s.reason
            )
            for s in found
        ]
    )


@router.delete("/suggestions/{other_id}", status_code=status.HTTP_204_NO_CONTENT)
@problems(SelfRelationship)
async def dismiss(user_id: UserIdPath, other_id: UserIdPath, ctx: AppContext) -> None:
    """Do not suggest ``other_id`` again for the tenant's dismissal period (90 days)."""
    await rules.dismiss(ctx, user_id=user_id, other_id=other_id)
