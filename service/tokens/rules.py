"""End-user tokens: minted for one user by the tenant's server, revoked all at once."""

from dataclasses import dataclass
from datetime import timedelta

from service.core.steps.context import TenantContext
from service.core.steps.runner import run_on_pairs
from service.core.tokens import (
    TokenClaims,
    active_key,
    new_token_id,
    sign,
    with_active_key,
)


@dataclass(frozen=True)
class MintedToken:
    token: str
    claims: TokenClaims


async def mint(ctx: TenantContext, *, user_id: str, ttl_seconds: int) -> MintedToken:
    """A token acting for ``user_id`` for ``ttl_seconds``, signed with the tenant's current
    key (the tenant's first token makes it)."""
    issued_at = ctx.now().replace(microsecond=0)  # JWT times are whole seconds
    keys = await ctx.account.signing_keys(lambda keys: with_active_key(keys, now=issued_at))
    key = active_key(keys)
    if key is None:  # with_active_key made one, or there was one
        raise RuntimeError("the tenant has no signing key")
    claims = TokenClaims(
        tenant_id=ctx.tenant_id,
        user_id=user_id,
        token_id=new_token_id(),
        issued_at=issued_at,
        expires_at=issued_at + timedelta(seconds=ttl_seconds),
        generation=await ctx.user_tokens.generation(await ctx.account.pseudonym(user_id)),
    )
    return MintedToken(token=sign(claims, key), claims=claims)


async def revoke_all(ctx: TenantContext, *, user_id: str) -> None:
    """Every token issued to ``user_id`` so far stops working, from the next request on."""

    async def revoke(step: TenantContext) -> None:
        await step.user_tokens.revoke_all(await step.account.pseudonym(user_id))

    await run_on_pairs(ctx, (), revoke)
