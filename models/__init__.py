"""What is stored: one Beanie document module per collection."""

from beanie import Document

from models.event import RelationshipEvent
from models.grant import ResourceGrant
from models.pair_guard import PairGuard
from models.relationship import UserRelationship
from models.tenant import Tenant
from models.user_settings import UserSettings
from models.user_tokens import UserTokens

ALL_DOCUMENTS: list[type[Document]] = [
    UserRelationship,
    RelationshipEvent,
    ResourceGrant,
    Tenant,
    UserSettings,
    PairGuard,
    UserTokens,
]

__all__ = [
    "ALL_DOCUMENTS",
    "PairGuard",
    "RelationshipEvent",
    "ResourceGrant",
    "Tenant",
    "UserRelationship",
    "UserSettings",
    "UserTokens",
]
