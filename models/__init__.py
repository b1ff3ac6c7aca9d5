"""What is stored: one Beanie document module per collection."""

from beanie import Document

from models.event import RelationshipEvent
from models.grant import ResourceGrant
from models.relationship import UserRelationship
from models.tenant import Tenant
from models.user_settings import UserSettings

ALL_DOCUMENTS: list[type[Document]] = [
    UserRelationship,
    RelationshipEvent,
    ResourceGrant,
    Tenant,
    UserSettings,
]

__all__ = [
    "ALL_DOCUMENTS",
    "RelationshipEvent",
    "ResourceGrant",
    "Tenant",
    "UserRelationship",
    "UserSettings",
]
