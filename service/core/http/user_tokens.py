"""Checking an end-user token: its tenant, signature, expiry and revocation.

The signature needs the tenant's signing keys, so a token costs the same tenant read a tenant
key does; revocation ("log out everywhere", an erase) costs one more, by the user's unique
index: it takes effect on the very next request, on every replica, with no cache to expire.
"""

from dataclasses import dataclass

from fastapi import Request

from models.tenant import Tenant
from service.core.clock import Clock
from service.core.data.database import Store
from service.core.data.repositories import TenantRegistry, UserTokensRepository
from service.core.data.repositories.tenants import pseudonym_with
from service.core.data.tenancy import TenantCollection
from service.core.errors import InvalidToken, OriginNotAllowed
from service.core.tokens import InvalidTokenError, TokenClaims, accepted_key, unverified, verify


@dataclass(frozen=True)
class VerifiedToken:
    tenant: Tenant
    claims: TokenClaims
    subject: str  # the user's pseudonym: what their revocation and rate records are keyed by


async def verified_token(request: Request, store: Store, clock: Clock, token: str) -> VerifiedToken:
    """The token's tenant and claims; :class:`InvalidToken` when it is not one the tenant
    issued, has expired, was signed with a retired key or was revoked (a browser client of a
    listed origin may read that answer, to fetch a new token)."""
    now = clock.now()
    try:
        named = unverified(token)
    except InvalidTokenError as error:
        raise InvalidToken(str(error)) from None
    tenant = await TenantRegistry(store.tenants).get(named.tenant_id)
    key = accepted_key(tenant.signing_keys, named.kid, now=now) if tenant else None
    if tenant is not None:
        _note_origin(request, tenant)
    if tenant is None or key is None:
        raise InvalidToken("The token's tenant or signing key is unknown or retired.")
    try:
        claims = verify(token, key, now=now)
    except InvalidTokenError as error:
        raise InvalidToken(str(error)) from None
    if tenant.erase_secret is None:  # minting makes it: no token was issued
        raise InvalidToken("The token was not issued by this tenant.")
    revocations = UserTokensRepository(TenantCollection(store.user_tokens, tenant.tenant_id), now)
    subject = pseudonym_with(tenant.erase_secret, claims.user_id)
    if await revocations.generation(subject) != claims.generation:
        raise InvalidToken("The token was revoked.")
    return VerifiedToken(tenant, claims, subject)


CORS_ORIGIN_STATE = "cors_origin"  # request.state: the origin the tenant lists (for the headers)


def _note_origin(request: Request, tenant: Tenant) -> None:
    """An origin the tenant lists is echoed in ``Access-Control-Allow-Origin`` (``cors``)."""
    origin = request.headers.get("origin")
    if origin is not None and origin.lower() in tenant.settings.cors_origins:
        setattr(request.state, CORS_ORIGIN_STATE, origin)


def admit_origin(request: Request, tenant: Tenant) -> None:
    """A browser request (it sends ``Origin``) with a user token must come from an origin its
    tenant lists."""
    origin = request.headers.get("origin")
    if origin is not None and origin.lower() not in tenant.settings.cors_origins:
        raise OriginNotAllowed(f"The tenant does not list the origin {origin!r}.")
