"""Per-user request limits for end-user tokens, on top of the tenant's (``rate_limit``).

A leaked or misbehaving client of one user must not spend its whole tenant's budget. The same
window, storage and answer (429 ``rate_limited`` with ``Retry-After``) as the tenant
limit, counted per tenant and user; the tenant's settings win over the process defaults.
"""

from fastapi import Request

from models.tenant import Tenant
from service.core.errors import RateLimited, raises
from service.core.http.rate_limit import RateWindow, TenantRateLimiter, window
from service.core.settings import Settings


def user_limit(tenant: Tenant, settings: Settings) -> RateWindow | None:
    per_second = tenant.settings.user_rate_limit_per_second
    if per_second is None:
        per_second = settings.user_rate_limit_per_second
    if per_second == 0:
        return None
    burst = tenant.settings.user_rate_limit_burst or settings.user_rate_limit_burst
    return window(per_second, burst, policy="user")


@raises(RateLimited)
async def enforce_user_rate_limit(request: Request, tenant: Tenant, subject: str) -> None:
    """Count one request made with a user token of ``tenant``'s user ``subject`` (the user's
    pseudonym: a count in the database never names a user, so none outlives an erase)."""
    limit = user_limit(tenant, request.app.state.settings)
    if limit is None:
        return
    limiter: TenantRateLimiter = request.app.state.rate_limiter
    verdict = await limiter.check(limit, f"{tenant.tenant_id}/{subject}")
    # The same headers as the tenant's limit, the user's policy listed beside the tenant's.
    headers = _beside(getattr(request.state, "rate_limit_headers", {}), verdict.headers(limit))
    request.state.rate_limit_headers = headers
    if verdict.admitted:
        return
    raise RateLimited(
        f"A user may make {limit.amount} requests per {limit.seconds} s with user tokens.",
        retry_after_seconds=verdict.reset_seconds,
        rate_limit_headers=headers,
    )


def _beside(first: dict[str, str], second: dict[str, str]) -> dict[str, str]:
    """Two limits' headers as one list each (structured-field lists join with ", ")."""
    return {
        name: ", ".join(value for value in (first.get(name), second.get(name)) if value)
        for name in {**first, **second}
    }
