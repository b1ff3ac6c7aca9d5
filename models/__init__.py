"""What is stored: one Beanie document module per collection."""

from beanie import Document

from models.dismissal import SuggestionDismissal
from models.event import RelationshipEvent
from models.grant import ResourceGrant
from models.pair_guard import PairGuard
from models.relationship import UserRelationship
from models.tenant import Tenant
from models.user_count import UserCount
from models.user_list import ListMember, UserList
from models.user_settings import UserSettings
from models.user_tokens import UserTokens
from models.webhook import Webhook, WebhookDelivery

ALL_DOCUMENTS: list[type[Document]] = [
    UserRelationship,
    RelationshipEvent,
    ResourceGrant,
    Tenant,
    UserSettings,
    PairGuard,
    UserTokens,
    UserCount,
    UserList,
    ListMember,
    SuggestionDismissal,
    Webhook,
    WebhookDelivery,
]

__all__ = [
    "ALL_DOCUMENTS",
    "ListMember",
    "PairGuard",
    "RelationshipEvent",
    "ResourceGrant",
    "SuggestionDismissal",
    "Tenant",
    "UserCount",
    "UserList",
    "UserRelationship",
    "UserSettings",
    "UserTokens",
    "Webhook",
    "WebhookDelivery",
]
