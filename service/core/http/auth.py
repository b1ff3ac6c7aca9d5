"""Who is calling: the tenant comes from the credential and from nothing else.

A tenant key yields a :class:`TenantContext` whose repositories are bound to that tenant; the
operator token yields the operator's :class:`TenantRegistry`. An end-user token (a JWT the
tenant's server minted, ``service.core.http.user_tokens``) yields a context acting for its own
user only: on ``/v1/users/{user_id}/...`` routes of that user, nowhere else.
"""

import hmac
from collections.abc import Awaitable, Callable
from typing import Annotated, NoReturn

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
    NotYourUser,
    Unauthenticated,
    raises,
)
from service.core.http.rate_limit import enforce_rate_limit
from service.core.http.user_rate_limit import enforce_user_rate_limit
from service.core.http.user_tokens import VerifiedToken, admit_origin, verified_token
from service.core.keys import hash_key
from service.core.steps.context import TenantContext
from service.core.tokens import looks_like_token

_bearer = HTTPBearer(
    auto_error=False, description="A tenant key, an end-user token, or the operator token."
)
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def get_clock(request: Request) -> Clock:
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


async def _token_of(request: Request, token: str, store: Store, clock: Clock) -> VerifiedToken:
    """A valid user token, from an origin its tenant lists (when a browser sends it)."""
    verified = await verified_token(request, store, clock, token)
    request.state.tenant_id = verified.tenant.tenant_id  # for the request's log line
    admit_origin(request, verified.tenant)
    return verified


async def _refuse_user_token(request: Request, token: str, store: Store, clock: Clock) -> NoReturn:
    """Routes of the tenant as a whole (admin, operator, import, tokens): a valid user token is
    a credential without the scope; an invalid one is no credential."""
    await _token_of(request, token, store, clock)
    raise InsufficientScope("A user token cannot call this endpoint.")


async def _act_as_token_user(
    request: Request, token: str, store: Store, clock: Clock
) -> TenantContext:
    """A user token acts for its own user, on the routes of that user; a route of no user (a
    bulk import) is tenant-wide, beyond any user token's scope."""
    verified = await _token_of(request, token, store, clock)
    tenant, claims = verified.tenant, verified.claims
    path_user = request.path_params.get("user_id")
    if path_user is None:
        raise InsufficientScope("A user token cannot call this endpoint.")
    if path_user != claims.user_id:
        raise NotYourUser("A user token acts only for its own user.")
    await enforce_rate_limit(request, tenant)
    await enforce_user_rate_limit(request, tenant, verified.subject)
    return TenantContext.bind(
        store,
        tenant_id=tenant.tenant_id,
        settings=tenant.settings,
        moment=clock.now(),
        actor=Actor(ActorKind.USER, token_id=claims.token_id),
        clock=clock,
    )


def require_scope(
    scope: KeyScope, *, user_tokens: bool = False
) -> Callable[..., Awaitable[TenantContext]]:
    """``user_tokens``: a user token of the path's ``user_id`` may call too."""
    admitted = _admin_key if scope is KeyScope.ADMIN else _any_key
    # Chosen here, not branched on below: each operation's problems are derived from the code
    # its dependency runs (``raised``), and only a user route can answer ``not_your_user``.
    on_user_token = _act_as_token_user if user_tokens else _refuse_user_token

    async def authenticate(
        request: Request, credentials: Credentials, store: StoreDep, clock: ClockDep
    ) -> TenantContext:
        if credentials is None:
            raise Unauthenticated("Send 'Authorization: Bearer <key>'.")
        if looks_like_token(credentials.credentials):
            return await on_user_token(request, credentials.credentials, store, clock)
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


app_context = require_scope(KeyScope.APP, user_tokens=True)
tenant_key_context = require_scope(KeyScope.APP)
admin_context = require_scope(KeyScope.ADMIN)
AppContext = Annotated[TenantContext, Depends(app_context)]
"""An app or admin key, or a user token on its own user's routes."""
TenantKeyContext = Annotated[TenantContext, Depends(tenant_key_context)]
"""An app or admin key only: what a user token must not do (mint tokens, bulk imports)."""
AdminContext = Annotated[TenantContext, Depends(admin_context)]


def feature_switch(
    relationship_type: RelationshipType | None, *, admin: bool = False
) -> Callable[[TenantContext], None]:
    """A router dependency: the module switch, and the switch of ``relationship_type``
    (``admin``: for routes of admin-scoped keys)."""

    @raises(FeatureDisabled)  # through ctx's methods, which the derivation does not follow
    def check(ctx: AppContext) -> None:
        if relationship_type is None:
            ctx.require_module()
        else:
            ctx.require_enabled(relationship_type)

    def check_admin(ctx: AdminContext) -> None:
        check(ctx)

    return check_admin if admin else check


async def require_operator(
    request: Request, credentials: Credentials, store: StoreDep, clock: ClockDep
) -> TenantRegistry:
    presented = credentials.credentials if credentials else ""
    token = request.app.state.settings.operator_token
    if token is not None and hmac.compare_digest(
        presented.encode(), token.get_secret_value().encode()
    ):
        return TenantRegistry.of(store)
    if looks_like_token(presented):
        await _refuse_user_token(request, presented, store, clock)
    if token is None:
        raise Unauthenticated("The operator API is off (RELATIONSHIPS_OPERATOR_TOKEN is unset).")
    raise Unauthenticated("The operator token is missing or wrong.")


OperatorRegistry = Annotated[TenantRegistry, Depends(require_operator)]
