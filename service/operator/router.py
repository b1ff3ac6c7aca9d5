"""HTTP for the operator (``RELATIONSHIPS_OPERATOR_TOKEN``): tenants and their keys."""

import base64
import binascii
import re
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, status
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from models.tenant import Tenant, TenantSettings
from service.core.data.pagination import DEFAULT_LIMIT, MAX_LIMIT
from service.core.errors import AlreadyExists, InvalidCursor, NotFound
from service.core.http.auth import ClockDep, OperatorRegistry, RunnerDep
from service.core.http.bodies import KeyScopeValue, RequestBody
from service.core.http.declared import problems
from service.tenants import rules as tenant_rules

router = APIRouter(prefix="/v1/operator", tags=["operator"])

TENANT_ID_PATTERN = r"^[A-Za-z0-9_\-]{1,64}$"
TenantId = Annotated[str, StringConstraints(pattern=TENANT_ID_PATTERN)]
TenantIdPath = Annotated[str, Path(pattern=TENANT_ID_PATTERN)]


class TenantBody(RequestBody):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"tenant_id": "acme", "name": "Acme"}]}
    )

    tenant_id: TenantId
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]


class KeyBody(RequestBody):
    model_config = ConfigDict(json_schema_extra={"examples": [{"scope": "admin"}]})

    scope: KeyScopeValue


class RateLimitBody(RequestBody):
    model_config = ConfigDict(json_schema_extra={"examples": [{"per_second": 2000, "burst": 4000}]})

    per_second: Annotated[float | None, Field(ge=0, description="0: no limit; null: default")]
    burst: Annotated[int | None, Field(ge=1, description="null: the service's default")] = None


class RateLimitView(BaseModel):
    tenant_id: str
    per_second: float | None  # null: the service's default
    burst: int | None


class KeyView(BaseModel):
    """A key as issued: the only answer that ever shows the key itself."""

    key_id: str
    key: str
    scope: KeyScopeValue


class CreatedTenantView(BaseModel):
    tenant_id: str
    name: str
    keys: list[KeyView]  # with their ids, so that each can be revoked
    app_key: str  # the same keys as in ``keys``, kept for clients of the first version
    admin_key: str


class KeyInfo(BaseModel):
    """A key as listed: never the key, never its hash."""

    key_id: str
    scope: KeyScopeValue
    created_at: datetime


class KeyList(BaseModel):
    items: list[KeyInfo]


class TenantSummary(BaseModel):
    tenant_id: str
    name: str
    created_at: datetime


class TenantPage(BaseModel):
    items: list[TenantSummary]
    next_cursor: str | None


class TenantView(TenantSummary):
    settings: TenantSettings
    keys: list[KeyInfo]


class SigningKeyBody(RequestBody):
    model_config = ConfigDict(json_schema_extra={"examples": [{"retire_previous": False}]})

    retire_previous: bool = False  # True: tokens signed before are refused at once (a leak)


class SigningKeyInfo(BaseModel):
    """A user-token signing key as listed: never its secret."""

    kid: str
    created_at: datetime
    accepted_until: datetime | None  # null: the key that signs new tokens


class SigningKeyList(BaseModel):
    items: list[SigningKeyInfo]  # the signing key first, then those still verifying


class DeletedTenant(BaseModel):
    tenant_id: str
    removed: dict[str, int]  # documents removed, by collection


_CURSOR_PREFIX = "t1:"


def _encode_cursor(tenant_id: str) -> str:
    return base64.urlsafe_b64encode(f"{_CURSOR_PREFIX}{tenant_id}".encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> str:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (ValueError, binascii.Error, UnicodeDecodeError) as error:
        raise InvalidCursor("The cursor is not one this service issued.") from error
    tenant_id = text.removeprefix(_CURSOR_PREFIX)
    if not text.startswith(_CURSOR_PREFIX) or not re.fullmatch(TENANT_ID_PATTERN, tenant_id):
        raise InvalidCursor("The cursor is not one this service issued.")
    return tenant_id


def _keys(tenant: Tenant) -> list[KeyInfo]:
    return [KeyInfo(key_id=k.key_id, scope=k.scope, created_at=k.created_at) for k in tenant.keys]


@router.post(
    "/tenants",
    response_model=CreatedTenantView,
    status_code=status.HTTP_201_CREATED,
)
@problems(AlreadyExists)
async def create_tenant(
    body: TenantBody, registry: OperatorRegistry, clock: ClockDep
) -> CreatedTenantView:
    """Create a tenant with one app key and one admin key (shown only in this answer)."""
    created = await tenant_rules.create_tenant(
        registry, tenant_id=body.tenant_id, name=body.name, now=clock.now()
    )
    return CreatedTenantView(
        tenant_id=created.tenant.tenant_id,
        name=created.tenant.name,
        keys=[KeyView(key_id=k.key_id, key=k.key, scope=k.scope) for k in created.keys],
        app_key=created.app_key.key,
        admin_key=created.admin_key.key,
    )


@router.get("/tenants", response_model=TenantPage)
@problems(InvalidCursor)
async def list_tenants(
    registry: OperatorRegistry,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> TenantPage:
    """Every tenant, in tenant id order."""
    after = _decode_cursor(cursor) if cursor else None
    tenants, last = await tenant_rules.list_tenants(registry, after=after, limit=limit)
    return TenantPage(
        items=[
            TenantSummary(tenant_id=t.tenant_id, name=t.name, created_at=t.created_at)
            for t in tenants
        ],
        next_cursor=_encode_cursor(last) if last else None,
    )


@router.get("/tenants/{tenant_id}", response_model=TenantView)
@problems(NotFound)
async def get_tenant(tenant_id: TenantIdPath, registry: OperatorRegistry) -> TenantView:
    """A tenant's settings and its keys' ids and scopes (never the keys or their hashes)."""
    tenant = await tenant_rules.get_tenant(registry, tenant_id=tenant_id)
    return TenantView(
        tenant_id=tenant.tenant_id,
        name=tenant.name,
        created_at=tenant.created_at,
        settings=tenant.settings,
        keys=_keys(tenant),
    )


@router.delete("/tenants/{tenant_id}", response_model=DeletedTenant)
@problems(NotFound)
async def delete_tenant(
    tenant_id: TenantIdPath, registry: OperatorRegistry, clock: ClockDep, runner: RunnerDep
) -> DeletedTenant:
    """Delete a tenant: its keys stop working at once, and every document of it, in every
    collection, goes once its requests in flight can no longer write (a few seconds: twice
    the step budget). Answers the counts by collection."""
    removed = await tenant_rules.delete_tenant(
        registry, tenant_id=tenant_id, now=clock.now(), fence=runner.fence
    )
    return DeletedTenant(tenant_id=tenant_id, removed=removed)


@router.get("/tenants/{tenant_id}/keys", response_model=KeyList)
@problems(NotFound)
async def list_keys(tenant_id: TenantIdPath, registry: OperatorRegistry) -> KeyList:
    """The tenant's keys: ids, scopes and creation times (never the keys or their hashes)."""
    return KeyList(items=_keys(await tenant_rules.get_tenant(registry, tenant_id=tenant_id)))


@router.post(
    "/tenants/{tenant_id}/keys",
    response_model=KeyView,
    status_code=status.HTTP_201_CREATED,
)
@problems(NotFound)
async def add_key(
    tenant_id: TenantIdPath, body: KeyBody, registry: OperatorRegistry, clock: ClockDep
) -> KeyView:
    """Issue another key for the tenant (shown only in this answer)."""
    issued = await tenant_rules.add_key(
        registry, tenant_id=tenant_id, scope=body.scope, now=clock.now()
    )
    return KeyView(key_id=issued.key_id, key=issued.key, scope=issued.scope)


@router.delete(
    "/tenants/{tenant_id}/keys/{key_id}",
    status_code=status.HTTP_204_NO_CONTENT,
)
@problems(NotFound)
async def revoke_key(
    tenant_id: TenantIdPath,
    key_id: Annotated[str, Path(pattern=r"^key_[0-9a-f]{16}$")],
    registry: OperatorRegistry,
) -> None:
    """Revoke a key; it stops working on the next request."""
    await tenant_rules.revoke_key(registry, tenant_id=tenant_id, key_id=key_id)


@router.put("/tenants/{tenant_id}/rate-limit", response_model=RateLimitView)
@problems(NotFound)
async def set_rate_limit(
    tenant_id: TenantIdPath, body: RateLimitBody, registry: OperatorRegistry
) -> RateLimitView:
    """Set the tenant's request rate and burst (null: the service's default); from its next
    request on."""
    tenant = await tenant_rules.set_rate_limit(
        registry, tenant_id=tenant_id, per_second=body.per_second, burst=body.burst
    )
    return RateLimitView(
        tenant_id=tenant.tenant_id,
        per_second=tenant.settings.rate_limit_per_second,
        burst=tenant.settings.rate_limit_burst,
    )


@router.post(
    "/tenants/{tenant_id}/signing-keys",
    response_model=SigningKeyList,
    status_code=status.HTTP_201_CREATED,
)
@problems(NotFound)
async def rotate_signing_key(
    tenant_id: TenantIdPath,
    registry: OperatorRegistry,
    clock: ClockDep,
    body: SigningKeyBody | None = None,
) -> SigningKeyList:
    """Rotate the key that signs the tenant's user tokens: the new one signs from now on, the
    one it replaces still verifies until its tokens expire (``retire_previous``: not at all)."""
    keys = await tenant_rules.rotate_signing_key(
        registry,
        tenant_id=tenant_id,
        now=clock.now(),
        retire_previous=(body or SigningKeyBody()).retire_previous,
    )
    return SigningKeyList(
        items=[
            SigningKeyInfo(kid=k.kid, created_at=k.created_at, accepted_until=k.accepted_until)
            for k in keys
        ]
    )
