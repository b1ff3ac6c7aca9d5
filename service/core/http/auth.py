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
from models.tenant import ApiKey
from service.core.actors import USER, Actor
from service.core.clock import Clock
from service.core.data.database import Store
from service.core.data.repositories import TenantRegistry
from service.core.errors import (
    Conflict,
    DomainError,
    FeatureDisabled,
    IndexesMissing,
    InsufficientScope,
    InvalidToken,
    NotYourUser,
    OriginNotAllowed,
    RateLimited,
    Unauthenticated,
)
from service.core.http.arrival import REQUEST_TIMES
from service.core.http.declared import problems
from service.core.http.key_cache import CachedKey, KeyCache
from service.core.http.key_guessing import count_unknown_key, refuse_key_guessing
from service.core.http.problems import DATABASE_UNAVAILABLE
from service.core.http.rate_limit import enforce_rate_limit
from service.core.http.user_rate_limit import enforce_user_rate_limit
from service.core.http.user_tokens import VerifiedToken, admit_origin, verified_token
from service.core.keys import hash_key
from service.core.steps.context import RequestTimes, TenantContext
from service.core.steps.runner import StepRunner
from service.core.steps.switches import require_enabled
from service.core.tokens import looks_like_token

_bearer = HTTPBearer(
    auto_error=False, description="A tenant key, an end-user token, or the operator token."
)
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


# Every operation that reaches the database: a duplicate key met outside any step is answered as
# a lost race (conflict). Dependencies are `async def` even when they never await: FastAPI runs a
# plain `def` one in its thread pool, a hop per dependency per request
# (tests/test_thread_pool.py counts them).
@problems(DATABASE_UNAVAILABLE, IndexesMissing, Conflict)
async def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


async def get_clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


def runner_of(request: Request) -> StepRunner:
    runner: StepRunner = request.app.state.runner
    return runner


def request_times(request: Request) -> RequestTimes | None:
    """When the request arrived, on the runner's clock (see ``service.core.http.arrival``)."""
    times: RequestTimes | None = getattr(request.state, REQUEST_TIMES, None)
    return times


async def get_runner(request: Request) -> StepRunner:
    return runner_of(request)


StoreDep = Annotated[Store, Depends(get_store)]
ClockDep = Annotated[Clock, Depends(get_clock)]
RunnerDep = Annotated[StepRunner, Depends(get_runner)]


async def find_by_key(request: Request, store: Store, key: str, *, now: float) -> CachedKey | None:
    """The credential lookup: the only read that cannot start from a tenant id. Served from
    the process's key cache when it read the key less than a few seconds ago (``read_at``:
    when the tenant was last seen live)."""
    key_hash = hash_key(key)
    cache: KeyCache = request.app.state.key_cache
    cached = cache.get(key_hash)
    if cached is not None:
        return cached
    tenant = await TenantRegistry(store.tenants).find_by_key_hash(key_hash)
    if tenant is None:
        return None
    found = next(k for k in tenant.keys if k.key_hash == key_hash)
    if tenant.deleting_since is None:
        cache.put(key_hash, tenant, found, read_at=now)
    return CachedKey(tenant, found, now)


def _any_key(key: ApiKey) -> Actor:
    """The user endpoints act for the user, whoever's key it is."""
    return USER


def _admin_key(key: ApiKey) -> Actor:
    """The admin endpoints need an admin key, and record the admin and the key."""
    if key.scope is not KeyScope.ADMIN:
        raise InsufficientScope("This endpoint needs an admin-scoped key.")
    return Actor(ActorKind.ADMIN, key.key_id)


async def _token_of(request: Request, token: str, store: Store, clock: Clock) -> VerifiedToken:
    """A valid user token of a live tenant, from an origin its tenant lists (when a browser
    sends it)."""
    verified = await verified_token(request, store, clock, token)
    if verified.tenant.deleting_since is not None:
        raise InvalidToken("The token's tenant is being deleted.")
    request.state.tenant_id = verified.tenant.tenant_id  # for the request's log line
    admit_origin(request, verified.tenant)
    return verified


async def _refuse_user_token(
    request: Request, token: str, store: Store, clock: Clock, admitted_at: float
) -> NoReturn:
    """Routes of the tenant as a whole (admin, operator, import, tokens, the feed): a valid user
    token is a credential without the scope; an invalid one is no credential."""
    await _token_of(request, token, store, clock)
    raise InsufficientScope("A user token cannot call this endpoint.")


async def _act_as_token_user(
    request: Request, token: str, store: Store, clock: Clock, admitted_at: float
) -> TenantContext:
    """A user token acts for its own user, on the routes of that user; a route of no user (a
    bulk import, the feed) is tenant-wide, beyond any user token's scope."""
    return await _token_user_context(request, token, store, clock, admitted_at, public=False)


async def _read_as_token_user(
    request: Request, token: str, store: Store, clock: Clock, admitted_at: float
) -> TenantContext:
    """A user token reads what every user of the tenant may see (the public counts)."""
    return await _token_user_context(request, token, store, clock, admitted_at, public=True)


async def _token_user_context(
    request: Request, token: str, store: Store, clock: Clock, admitted_at: float, *, public: bool
) -> TenantContext:
    verified = await _token_of(request, token, store, clock)
    tenant, claims = verified.tenant, verified.claims
    path_user = request.path_params.get("user_id")
    if not public and path_user is None:
        raise InsufficientScope("A user token cannot call this endpoint.")
    if not public and path_user != claims.user_id:
        raise NotYourUser("A user token acts only for its own user.")
    await enforce_rate_limit(request, tenant)
    await enforce_user_rate_limit(request, tenant, verified.subject)
    return TenantContext.bind(
        store,
        tenant_id=tenant.tenant_id,
        settings=tenant.settings,
        moment=clock.now(),
        actor=Actor(ActorKind.USER, token_id=claims.token_id),
        runner=runner_of(request),
        admitted_at=admitted_at,
        request=request_times(request),
    )


def require_scope(
    scope: KeyScope, *, user_tokens: bool = False, public: bool = False
) -> Callable[..., Awaitable[TenantContext]]:
    """``user_tokens``: a user token of the path's ``user_id`` may call too; ``public``: any
    user token of the tenant may (what every user may see, like others' public counts)."""
    admitted = _admin_key if scope is KeyScope.ADMIN else _any_key
    on_user_token = (
        _read_as_token_user if public else _act_as_token_user if user_tokens else _refuse_user_token
    )
    # A user token answers 401 invalid_token, 403 origin_not_allowed, insufficient_scope (a
    # route it may not call) and, on a user's own routes, not_your_user.
    token_problems: tuple[type[DomainError], ...] = (
        InvalidToken,
        OriginNotAllowed,
        InsufficientScope,
    )
    if user_tokens or public:  # (a public read never answers it: an upper bound)
        token_problems += (NotYourUser,)

    @problems(Unauthenticated, RateLimited, *token_problems)
    async def authenticate(
        request: Request, credentials: Credentials, store: StoreDep, clock: ClockDep
    ) -> TenantContext:
        if credentials is None:
            raise Unauthenticated("Send 'Authorization: Bearer <key>'.")
        store.check_reachable()  # before the limiter, whose storage may be the same database
        await refuse_key_guessing(request)
        runner = runner_of(request)
        # Taken before the lookup: the tenant was live at least until then, and every step of
        # this request must end within a budget of it (what a tenant's deletion waits for).
        admitted_at = runner.monotonic()
        if looks_like_token(credentials.credentials):
            return await on_user_token(request, credentials.credentials, store, clock, admitted_at)
        found = await find_by_key(request, store, credentials.credentials, now=admitted_at)
        if found is None:
            await count_unknown_key(request)
        if found is None or found.tenant.deleting_since is not None:
            raise Unauthenticated("The key is unknown or was revoked.")
        tenant, key = found.tenant, found.key
        admitted_at = found.read_at  # a cached tenant was last seen live when it was read
        request.state.tenant_id = tenant.tenant_id  # for the request's log line
        await enforce_rate_limit(request, tenant)
        actor = admitted(key)
        return TenantContext.bind(
            store,
            tenant_id=tenant.tenant_id,
            settings=tenant.settings,
            moment=clock.now(),
            actor=actor,
            runner=runner,
            admitted_at=admitted_at,
            request=request_times(request),
        )

    return authenticate


app_context = require_scope(KeyScope.APP, user_tokens=True)
public_context = require_scope(KeyScope.APP, public=True)
tenant_key_context = require_scope(KeyScope.APP)
admin_context = require_scope(KeyScope.ADMIN)
AppContext = Annotated[TenantContext, Depends(app_context)]
"""An app or admin key, or a user token on its own user's routes."""
PublicContext = Annotated[TenantContext, Depends(public_context)]
"""An app or admin key, or any user token of the tenant: what every user may see."""
TenantKeyContext = Annotated[TenantContext, Depends(tenant_key_context)]
"""An app or admin key only: what a user token must not do (mint tokens, bulk imports)."""
AdminContext = Annotated[TenantContext, Depends(admin_context)]


def feature_switch(
    relationship_type: RelationshipType | None, *, admin: bool = False, public: bool = False
) -> Callable[[TenantContext], Awaitable[None]]:
    """A router dependency: the module switch, and the switch of ``relationship_type``
    (``admin``: for routes of admin-scoped keys; ``public``: for routes any user token of the
    tenant may read)."""

    @problems(FeatureDisabled)
    async def check(ctx: AppContext) -> None:
        require_enabled(ctx.settings, relationship_type)

    @problems(FeatureDisabled)
    async def check_admin(ctx: AdminContext) -> None:
        await check(ctx)

    @problems(FeatureDisabled)
    async def check_public(ctx: PublicContext) -> None:
        await check(ctx)

    return check_admin if admin else check_public if public else check


@problems(Unauthenticated, RateLimited, InvalidToken, OriginNotAllowed, InsufficientScope)
async def require_operator(
    request: Request, credentials: Credentials, store: StoreDep, clock: ClockDep
) -> TenantRegistry:
    presented = credentials.credentials if credentials else ""
    token = request.app.state.settings.operator_token
    if token is not None and hmac.compare_digest(
        presented.encode(), token.get_secret_value().encode()
    ):
        return TenantRegistry.of(store)
    store.check_reachable()
    await refuse_key_guessing(request)
    if looks_like_token(presented):
        await _refuse_user_token(request, presented, store, clock, 0.0)
    if token is None:
        raise Unauthenticated("The operator API is off (RELATIONSHIPS_OPERATOR_TOKEN is unset).")
    await count_unknown_key(request)
    raise Unauthenticated("The operator token is missing or wrong.")


OperatorRegistry = Annotated[TenantRegistry, Depends(require_operator)]
