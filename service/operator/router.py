"""HTTP for the operator (``RELATIONSHIPS_OPERATOR_TOKEN``): tenants and their keys."""

from typing import Annotated

from fastapi import APIRouter, Path, status
from pydantic import BaseModel, StringConstraints

from service.core.auth import ClockDep, OperatorRegistry
from service.core.bodies import KeyScopeValue, RequestBody
from service.core.errors import AlreadyExists, NotFound, Unauthenticated
from service.core.routing import problems
from service.tenants import service

router = APIRouter(prefix="/v1/operator", responses=problems(Unauthenticated))

TENANT_ID_PATTERN = r"^[A-Za-z0-9_\-]{1,64}$"
TenantId = Annotated[str, StringConstraints(pattern=TENANT_ID_PATTERN)]
TenantIdPath = Annotated[str, Path(pattern=TENANT_ID_PATTERN)]


class TenantBody(RequestBody):
    tenant_id: TenantId
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]


class CreatedTenantView(BaseModel):
    tenant_id: str
    name: str
    app_key: str
    admin_key: str


class KeyBody(RequestBody):
    scope: KeyScopeValue


class KeyView(BaseModel):
    key_id: str
    key: str
    scope: KeyScopeValue


@router.post(
    "/tenants",
    response_model=CreatedTenantView,
    status_code=status.HTTP_201_CREATED,
    responses=problems(AlreadyExists),
)
async def create_tenant(
    body: TenantBody, registry: OperatorRegistry, clock: ClockDep
) -> CreatedTenantView:
    """Create a tenant with one app key and one admin key (shown only in this answer)."""
    created = await service.create_tenant(
        registry, tenant_id=body.tenant_id, name=body.name, now=clock.now()
    )
    return CreatedTenantView(
        tenant_id=created.tenant.tenant_id,
        name=created.tenant.name,
        app_key=created.app_key.key,
        admin_key=created.admin_key.key,
    )


@router.post(
    "/tenants/{tenant_id}/keys",
    response_model=KeyView,
    status_code=status.HTTP_201_CREATED,
    responses=problems(NotFound),
)
async def add_key(
    tenant_id: TenantIdPath, body: KeyBody, registry: OperatorRegistry, clock: ClockDep
) -> KeyView:
    """Issue another key for the tenant (shown only in this answer)."""
    issued = await service.add_key(registry, tenant_id=tenant_id, scope=body.scope, now=clock.now())
    return KeyView(key_id=issued.key_id, key=issued.key, scope=issued.scope)


@router.delete(
    "/tenants/{tenant_id}/keys/{key_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problems(NotFound),
)
async def revoke_key(
    tenant_id: TenantIdPath,
    key_id: Annotated[str, Path(pattern=r"^key_[0-9a-f]{16}$")],
    registry: OperatorRegistry,
) -> None:
    """Revoke a key; it stops working on the next request."""
    await service.revoke_key(registry, tenant_id=tenant_id, key_id=key_id)
