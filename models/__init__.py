"""What is stored: one Beanie document module per collection."""

from beanie import Document

from models.event import RelationshipEvent
from models.relationship import UserRelationship
from models.tenant import Tenant
from models.user_settings import UserSettings

ALL_DOCUMENTS: list[type[Document]] = [UserRelationship, RelationshipEvent, Tenant, UserSettings]

__all__ = ["ALL_DOCUMENTS", "RelationshipEvent", "Tenant", "UserRelationship", "UserSettings"]
