"""Who is calling: the tenant comes from the credential and from nothing else.

A tenant key yields a :class:`TenantContext` whose repositories are bound to that tenant; the
operator token yields the operator's :class:`TenantRegistry`.
"""

import hmac
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from models.enums import ActorKind, KeyScope, RelationshipType
from models.tenant import ApiKey, Tenant
from service.core.actors import USER, Actor
from service.core.clock import Clock
from service.core.data.database import Store
from service.core.data.repositories import TenantRegistry
from service.core.errors import (
    FeatureDisabled,
    InsufficientScope,
    Unauthenticated,
    raises,
)
from service.core.http.rate_limit import enforce_rate_limit
from service.core.keys import hash_key
from service.core.steps.context import TenantContext

_bearer = HTTPBearer(auto_error=False, description="A tenant key, or the operator token.")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


# Dependencies are `async def` even when they never await: FastAPI runs a plain `def` one in its
# thread pool, a hop per dependency per request (tests/test_thread_pool.py counts them).
async def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


async def get_clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


StoreDep = Annotated[Store, Depends(get_store)]
ClockDep = Annotated[Clock, Depends(get_clock)]


async def find_by_key(registry: TenantRegistry, key: str) -> tuple[Tenant, ApiKey] | None:
    """The credential lookup: the only read that cannot start from a tenant id."""
    key_hash = hash_key(key)
    tenant = await registry.find_by_key_hash(key_hash)
    if tenant is None:
        return None
    return tenant, next(k for k in tenant.keys if k.key_hash == key_hash)


def _any_key(key: ApiKey) -> Actor:
    """The user endpoints act for the user, whoever's key it is."""
    return USER


def _admin_key(key: ApiKey) -> Actor:
    """The admin endpoints need an admin key, and record the admin and the key."""
    if key.scope is not KeyScope.ADMIN:
        raise InsufficientScope("This endpoint needs an admin-scoped key.")
    return Actor(ActorKind.ADMIN, key.key_id)


def require_scope(scope: KeyScope) -> Callable[..., Awaitable[TenantContext]]:
    admitted = _admin_key if scope is KeyScope.ADMIN else _any_key

    async def authenticate(
        request: Request, credentials: Credentials, store: StoreDep, clock: ClockDep
    ) -> TenantContext:
        if credentials is None:
            raise Unauthenticated("Send 'Authorization: Bearer <key>'.")
        found = await find_by_key(TenantRegistry(store.tenants), credentials.credentials)
        if found is None:
            raise Unauthenticated("The key is unknown or was revoked.")
        tenant, key = found
        request.state.tenant_id = tenant.tenant_id  # for the request's log line
        await enforce_rate_limit(request, tenant)
        actor = admitted(key)
        return TenantContext.bind(
            store,
            tenant_id=tenant.tenant_id,
            settings=tenant.settings,
            moment=clock.now(),
            actor=actor,
            clock=clock,
        )

    return authenticate


app_context = require_scope(KeyScope.APP)
admin_context = require_scope(KeyScope.ADMIN)
AppContext = Annotated[TenantContext, Depends(app_context)]
AdminContext = Annotated[TenantContext, Depends(admin_context)]


def feature_switch(
    relationship_type: RelationshipType | None, *, admin: bool = False
) -> Callable[[TenantContext], Awaitable[None]]:
    """A router dependency: the module switch, and the switch of ``relationship_type``
    (``admin``: for routes of admin-scoped keys)."""

    @raises(FeatureDisabled)  # through ctx's methods, which the derivation does not follow
    async def check(ctx: AppContext) -> None:
        if relationship_type is None:
            ctx.require_module()
        else:
            ctx.require_enabled(relationship_type)

    async def check_admin(ctx: AdminContext) -> None:
        await check(ctx)

    return check_admin if admin else check


async def require_operator(
    request: Request, credentials: Credentials, store: StoreDep
) -> TenantRegistry:
    token = request.app.state.settings.operator_token
    if token is None:
        raise Unauthenticated("The operator API is off (RELATIONSHIPS_OPERATOR_TOKEN is unset).")
    presented = credentials.credentials if credentials else ""
    if not hmac.compare_digest(presented.encode(), token.get_secret_value().encode()):
        raise Unauthenticated("The operator token is missing or wrong.")
    return TenantRegistry.of(store)


OperatorRegistry = Annotated[TenantRegistry, Depends(require_operator)]
