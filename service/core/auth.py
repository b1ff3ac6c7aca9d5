"""Who is calling: the tenant comes from the credential and from nothing else."""

import hmac
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from models.enums import KeyScope
from service.core.clock import Clock
from service.core.context import TenantContext
from service.core.database import Store
from service.core.errors import InsufficientScope, Unauthenticated
from service.core.rate_limit import enforce_rate_limit
from service.tenants.service import find_by_key

_bearer = HTTPBearer(auto_error=False, description="A tenant key, or the operator token.")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def get_clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


StoreDep = Annotated[Store, Depends(get_store)]
ClockDep = Annotated[Clock, Depends(get_clock)]


def require_scope(scope: KeyScope) -> Callable[..., Awaitable[TenantContext]]:
    async def authenticate(
        request: Request, credentials: Credentials, store: StoreDep, clock: ClockDep
    ) -> TenantContext:
        if credentials is None:
            raise Unauthenticated("Send 'Authorization: Bearer <key>'.")
        found = await find_by_key(store, credentials.credentials)
        if found is None:
            raise Unauthenticated("The key is unknown or was revoked.")
        tenant, key_scope = found
        request.state.tenant_id = tenant.tenant_id  # for the request's log line
        await enforce_rate_limit(request, tenant)
        if scope is KeyScope.ADMIN and key_scope is not KeyScope.ADMIN:
            raise InsufficientScope("This endpoint needs an admin-scoped key.")
        return TenantContext(
            store=store, tenant_id=tenant.tenant_id, settings=tenant.settings, moment=clock.now()
        )

    return authenticate


AppContext = Annotated[TenantContext, Depends(require_scope(KeyScope.APP))]
AdminContext = Annotated[TenantContext, Depends(require_scope(KeyScope.ADMIN))]


async def require_operator(request: Request, credentials: Credentials, store: StoreDep) -> Store:
    token = request.app.state.settings.operator_token
    if token is None:
        raise Unauthenticated("The operator API is off (RELATIONSHIPS_OPERATOR_TOKEN is unset).")
    presented = credentials.credentials if credentials else ""
    if not hmac.compare_digest(presented.encode(), token.get_secret_value().encode()):
        raise Unauthenticated("The operator token is missing or wrong.")
    return store


OperatorStore = Annotated[Store, Depends(require_operator)]
