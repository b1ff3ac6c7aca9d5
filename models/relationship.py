"""The ``user_relationships`` collection.

One directed, owned edge per (tenant, user, target, type).
"""

from datetime import datetime

from beanie import Document
from pydantic import BaseModel

from models.enums import RelationshipStatus, RelationshipType


class Friendship(BaseModel):
    requested_at: datetime | None = None
    accepted_at: datetime | None = None
    rejected_at: datetime | None = None
    rejection_reason: str | None = None
    message: str | None = None
    is_favorite: bool = False
    favorited_at: datetime | None = None
    nickname: str | None = None


class Following(BaseModel):
    followed_at: datetime
    approved_at: datetime | None = None
    notifications_enabled: bool = True


class Blocking(BaseModel):
    blocked_at: datetime
    reason: str | None = None
    report_id: str | None = None


class Muting(BaseModel):
    muted_at: datetime
    mute_notifications: bool = True
    mute_stories: bool = True
    mute_calls: bool = True
    mute_until: datetime | None = None  # None: permanent

    def in_force(self, now: datetime) -> bool:
        """An expired mute counts as absent at once, whether or not the TTL purge has run."""
        return self.mute_until is None or self.mute_until > now


class ContactMetadata(BaseModel):
    nickname: str | None = None
    notes: str | None = None
    source: str | None = None
    imported_from: str | None = None


class UserRelationship(Document):
    tenant_id: str
    user_id: str  # who holds the edge
    target_user_id: str  # the other side
    type: RelationshipType
    status: RelationshipStatus
    is_mutual: bool = False
    friendship: Friendship | None = None
    following: Following | None = None
    blocking: Blocking | None = None
    muting: Muting | None = None
    metadata: ContactMetadata | None = None
    created_at: datetime
    updated_at: datetime
    version: int = 0  # bumped by every write; a guarded update detects a concurrent writer

    class Settings:
        name = "user_relationships"
