"""End-user tokens: short-lived JWTs (PyJWT, HS256) that act for one user of one tenant.

A token names its tenant (``tid``), its user (``sub``), its own id (``jti``), when it was
issued and expires (``iat``, ``exp``), the user's token generation when it was issued
(``gen``: revocation moves it on) and, in its header, the tenant signing key (``kid``).
The signature is checked with the tenant's key; the expiry with the service's clock.
"""

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt

from models.tenant import SigningKey

ALGORITHM = "HS256"
ISSUER = "relationships"
MIN_TTL_SECONDS = 60
MAX_TTL_SECONDS = 86_400
DEFAULT_TTL_SECONDS = 3_600
MAX_TTL = timedelta(seconds=MAX_TTL_SECONDS)  # how long a replaced signing key still verifies
_REQUIRED = ["iss", "tid", "sub", "jti", "iat", "exp", "gen"]


class InvalidTokenError(ValueError):
    """Not a token this service issued (or tampered with): its text says why."""


@dataclass(frozen=True)
class TokenClaims:
    tenant_id: str
    user_id: str
    token_id: str
    issued_at: datetime
    expires_at: datetime
    generation: int


@dataclass(frozen=True)
class Unverified:
    """What a token says about itself before its signature is checked: where to check it."""

    tenant_id: str
    kid: str


def looks_like_token(credential: str) -> bool:
    """A JWT's shape (tenant keys start with ``rk_`` and have no dots)."""
    return credential.count(".") == 2


def new_signing_key(now: datetime) -> SigningKey:
    return SigningKey(
        kid="sk_" + secrets.token_hex(8), secret=secrets.token_urlsafe(48), created_at=now
    )


def new_token_id() -> str:
    return "tok_" + secrets.token_hex(12)


def sign(claims: TokenClaims, key: SigningKey) -> str:
    payload = {
        "iss": ISSUER,
        "tid": claims.tenant_id,
        "sub": claims.user_id,
        "jti": claims.token_id,
        "iat": int(claims.issued_at.timestamp()),
        "exp": int(claims.expires_at.timestamp()),
        "gen": claims.generation,
    }
    return jwt.encode(payload, key.secret, algorithm=ALGORITHM, headers={"kid": key.kid})


def unverified(token: str) -> Unverified:
    """The tenant and key a token names, read without checking anything else."""
    try:
        header = jwt.get_unverified_header(token)
        payload = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError as error:
        raise InvalidTokenError("The token is malformed.") from error
    tenant_id, kid = payload.get("tid"), header.get("kid")
    if not isinstance(tenant_id, str) or not isinstance(kid, str):
        raise InvalidTokenError("The token names no tenant or no signing key.")
    return Unverified(tenant_id=tenant_id, kid=kid)


def verify(token: str, key: SigningKey, *, now: datetime) -> TokenClaims:
    """The token's claims when ``key`` signed it and it has not expired at ``now``."""
    try:
        # Expiry is checked below against the service's clock, not the process's.
        payload: dict[str, Any] = jwt.decode(
            token,
            key.secret,
            algorithms=[ALGORITHM],
            issuer=ISSUER,
            options={"require": _REQUIRED, "verify_exp": False, "verify_iat": False},
        )
    except jwt.PyJWTError as error:
        raise InvalidTokenError("The token's signature or claims are not valid.") from error
    try:
        claims = TokenClaims(
            tenant_id=str(payload["tid"]),
            user_id=str(payload["sub"]),
            token_id=str(payload["jti"]),
            issued_at=datetime.fromtimestamp(int(payload["iat"]), UTC),
            expires_at=datetime.fromtimestamp(int(payload["exp"]), UTC),
            generation=int(payload["gen"]),
        )
    except (TypeError, ValueError, OverflowError, OSError) as error:
        raise InvalidTokenError("The token's claims are not valid.") from error
    if claims.expires_at <= now:
        raise InvalidTokenError("The token has expired.")
    return claims


# The tenant's signing keys: the newest signs; a replaced one verifies the tokens it signed
# until the last of them expires (MAX_TTL after it was replaced), then it is retired.


def active_key(keys: list[SigningKey]) -> SigningKey | None:
    return next((k for k in keys if k.accepted_until is None), None)


def accepted_key(keys: list[SigningKey], kid: str, *, now: datetime) -> SigningKey | None:
    """The key ``kid`` while it still verifies tokens; None once retired (or never ours)."""
    for key in keys:
        if key.kid == kid and (key.accepted_until is None or key.accepted_until > now):
            return key
    return None


def with_active_key(keys: list[SigningKey], *, now: datetime) -> list[SigningKey] | None:
    """The keys with one that signs (made on a tenant's first token); None: they have one."""
    return None if active_key(keys) else [new_signing_key(now), *keys]


def rotated(
    keys: list[SigningKey], *, now: datetime, retire_previous: bool = False
) -> list[SigningKey]:
    """A new key signs from now on. The one it replaces verifies until its tokens expire, unless
    ``retire_previous`` (a leaked key): then every token signed before is refused at once."""
    kept = []
    if not retire_previous:
        for key in keys:
            until = key.accepted_until or now + MAX_TTL
            if until > now:
                kept.append(key.model_copy(update={"accepted_until": until}))
    return [new_signing_key(now), *kept]
