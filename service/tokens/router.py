"""HTTP for end-user tokens, which a tenant's server mints for its web and mobile clients."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict, Field

from service.core.http.auth import TenantKeyContext
from service.core.http.bodies import RequestBody
from service.core.http.params import UserIdPath
from service.core.tokens import DEFAULT_TTL_SECONDS, MAX_TTL_SECONDS, MIN_TTL_SECONDS
from service.tokens import rules

# Not a user router: tokens are no relationship feature, and only tenant keys may call.
router = APIRouter(prefix="/v1/users/{user_id}", tags=["tokens"])


class TokenBody(RequestBody):
    model_config = ConfigDict(json_schema_extra={"examples": [{"ttl_seconds": 3600}]})

    ttl_seconds: Annotated[int, Field(ge=MIN_TTL_SECONDS, le=MAX_TTL_SECONDS)] = DEFAULT_TTL_SECONDS


class TokenView(BaseModel):
    token: str  # send as 'Authorization: Bearer <token>'; shown only in this answer
    token_id: str  # recorded as actor_token_id on the history events it causes
    user_id: str
    expires_at: datetime


@router.post("/tokens", response_model=TokenView, status_code=status.HTTP_201_CREATED)
async def mint_token(
    user_id: UserIdPath, ctx: TenantKeyContext, body: TokenBody | None = None
) -> TokenView:
    """Mint a token acting for this user only, for the tenant's web or mobile client
    (an app or admin key only)."""
    minted = await rules.mint(ctx, user_id=user_id, ttl_seconds=(body or TokenBody()).ttl_seconds)
    return TokenView(
        token=minted.token,
        token_id=minted.claims.token_id,
        user_id=user_id,
        expires_at=minted.claims.expires_at,
    )


@router.delete("/tokens", status_code=status.HTTP_204_NO_CONTENT)
async def revoke_tokens(user_id: UserIdPath, ctx: TenantKeyContext) -> None:
    """Revoke every token issued to this user so far ("log out everywhere"), at once."""
    await rules.revoke_all(ctx, user_id=user_id)
