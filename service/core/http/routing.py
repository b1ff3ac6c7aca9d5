"""Routers that act for one of the tenant's users, behind the tenant's feature switches.

The feature switch declares its own problem (``feature_disabled``) for every route of these
routers; each route declares what its rules add (``service.core.http.declared``).
"""

from fastapi import APIRouter, Depends

from models.enums import RelationshipType
from service.core.http.auth import feature_switch


def user_router(*, tag: str, feature: RelationshipType | None = None) -> APIRouter:
    """A router for ``/v1/users/{user_id}/...`` endpoints acting for one of the tenant's users.

    Every route of it answers 403 ``feature_disabled`` while the tenant has the module, or the
    router's relationship type ``feature``, switched off: the rules need not remember.
    """
    return APIRouter(
        prefix="/v1/users/{user_id}",
        tags=[tag],
        dependencies=[Depends(feature_switch(feature))],
    )


def admin_user_router(*, feature: RelationshipType | None = None) -> APIRouter:
    """A router for ``/users/{user_id}/...`` under the admin router (``/v1/admin``): a tenant
    admin acting on a user's behalf, behind the same feature switches as the user's routes."""
    return APIRouter(
        prefix="/users/{user_id}",
        dependencies=[Depends(feature_switch(feature, admin=True))],
    )
