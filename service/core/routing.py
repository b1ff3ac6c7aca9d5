"""Shared route declarations: the problems each kind of route may answer with, for OpenAPI."""

from typing import Any

from fastapi import APIRouter, Depends

from models.enums import RelationshipType
from service.core.auth import feature_switch
from service.core.errors import (
    Blocked,
    DomainError,
    FeatureDisabled,
    InvalidCursor,
    NotFound,
    SelfRelationship,
    Unauthenticated,
)
from service.core.problems import problem_schema


def problems(*errors: type[DomainError]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for these errors (several errors may share one status)."""
    responses: dict[int | str, dict[str, Any]] = {}
    for error in errors:
        entry = responses.setdefault(error.status, problem_schema(error))
        if error.code not in entry["description"]:
            entry["description"] += f"; {error.title} (`{error.code}`)"
    return responses


def user_router(
    *extra: type[DomainError], tag: str, feature: RelationshipType | None = None
) -> APIRouter:
    """A router for ``/v1/users/{user_id}/...`` endpoints acting for one of the tenant's users.

    Every route of it answers 403 ``feature_disabled`` while the tenant has the module, or the
    router's relationship type ``feature``, switched off: the rules need not remember.
    """
    return APIRouter(
        prefix="/v1/users/{user_id}",
        tags=[tag],
        dependencies=[Depends(feature_switch(feature))],
        responses=problems(Unauthenticated, FeatureDisabled, SelfRelationship, *extra),
    )


def admin_user_router(
    *extra: type[DomainError], feature: RelationshipType | None = None
) -> APIRouter:
    """A router for ``/users/{user_id}/...`` under the admin router (``/v1/admin``): a tenant
    admin acting on a user's behalf, behind the same feature switches as the user's routes."""
    return APIRouter(
        prefix="/users/{user_id}",
        dependencies=[Depends(feature_switch(feature, admin=True))],
        responses=problems(FeatureDisabled, SelfRelationship, *extra),
    )


PAIR_ERRORS: tuple[type[DomainError], ...] = (Blocked, NotFound)
LIST_ERRORS: tuple[type[DomainError], ...] = (InvalidCursor,)
