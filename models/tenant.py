"""The ``tenants`` collection: tenant settings and hashed API keys."""

from datetime import datetime

from beanie import Document
from pydantic import BaseModel, Field

from models.enums import KeyScope, RelationshipType


class SigningKey(BaseModel):
    """A key that signs the tenant's end-user tokens (HS256). The newest signs; an older one
    verifies until ``accepted_until`` (its last token's expiry), then it is retired."""

    kid: str
    secret: str  # never shown: it signs and verifies, so it cannot be stored as a hash
    created_at: datetime
    accepted_until: datetime | None = None  # None: the key that signs new tokens


class ApiKey(BaseModel):
    key_id: str
    key_hash: str  # SHA-256 hex of the key; the key itself is shown once and never stored
    scope: KeyScope
    created_at: datetime


def _all_types_enabled() -> dict[RelationshipType, bool]:
    return dict.fromkeys(RelationshipType, True)


class TenantSettings(BaseModel):
    connections_enabled: bool = True  # seed 000: the whole module on or off
    enabled_types: dict[RelationshipType, bool] = Field(default_factory=_all_types_enabled)
    # Set by the operator; None: the process default (RELATIONSHIPS_RATE_LIMIT_*). 0: no limit.
    rate_limit_per_second: float | None = Field(default=None, ge=0)
    rate_limit_burst: int | None = Field(default=None, ge=1)
    # Caps on each user's accepted friends and on the follows they hold (pending ones count);
    # None: no cap.
    max_friends: int | None = Field(default=None, ge=0)
    max_following: int | None = Field(default=None, ge=0)
    # Caps on each user's lists, and on the members of each list.
    max_lists: int = Field(default=100, ge=0)
    max_list_members: int = Field(default=5_000, ge=0)
    # How long a dismissed suggestion stays away.
    suggestion_dismiss_days: int = Field(default=90, ge=1)
    # Whether following a user needs their approval, for users who never chose (theirs wins).
    follow_requires_approval: bool = False
    # Events written from now on expire this many days after they happened; None: kept forever.
    history_retention_days: int | None = Field(default=None, ge=1)
    # Origins whose browser clients may call with the tenant's user tokens (CORS).
    cors_origins: list[str] = Field(default_factory=list)
    # Each user token's own limit, on top of the tenant's; None: the process default.
    user_rate_limit_per_second: float | None = Field(default=None, ge=0)
    user_rate_limit_burst: int | None = Field(default=None, ge=1)

    def type_enabled(self, relationship_type: RelationshipType) -> bool:
        return self.connections_enabled and self.enabled_types.get(relationship_type, True)


class Tenant(Document):
    tenant_id: str
    name: str
    settings: TenantSettings = Field(default_factory=TenantSettings)
    keys: list[ApiKey] = Field(default_factory=list)
    created_at: datetime
    # Keys the pseudonyms of erased users (created on the first erase); never shown.
    erase_secret: str | None = None
    # Set when the operator deletes the tenant: its keys stop working at once, and its id
    # cannot be taken again until its data is gone (the record goes last).
    deleting_since: datetime | None = None
    # End-user token signing keys (made on the first token, rotated by the operator); the
    # version guards their replacement against a concurrent rotation.
    signing_keys: list[SigningKey] = Field(default_factory=list)
    signing_keys_version: int = 0

    class Settings:
        name = "tenants"
