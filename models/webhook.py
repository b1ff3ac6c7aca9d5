"""The ``webhooks`` and ``webhook_deliveries`` collections: a tenant's endpoints and what was
sent to them."""

from datetime import datetime
from typing import Any

from beanie import Document
from bson import ObjectId
from pydantic import BaseModel, ConfigDict, Field


class SigningSecret(BaseModel):
    secret: str  # "whsec_" + base64: the Standard Webhooks form
    expires_at: datetime | None = None  # a rotated-out secret signs beside the new one until then


class Webhook(Document):
    """An endpoint of a tenant. ``cursor`` is the last event id queued for it: the worker queues
    the tenant's events after it, up to the feed's horizon, then moves it on."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    tenant_id: str
    webhook_id: str
    url: str
    event_types: list[str] | None = None  # None: every type
    description: str | None = None
    enabled: bool = True
    disabled_reason: str | None = None  # "failing": every attempt of a delivery failed
    secrets: list[SigningSecret]
    cursor: ObjectId
    created_at: datetime
    updated_at: datetime

    class Settings:
        name = "webhooks"


class WebhookDelivery(Document):
    """One event (or ping) to send to one webhook, and how its latest attempt went. While an
    attempt runs, ``next_attempt_at`` is its lease: past it, another process may take it."""

    tenant_id: str
    webhook_id: str
    event_id: str
    event_type: str
    payload: dict[str, Any]
    status: str  # pending, succeeded, failed
    attempt: int = 0  # attempts made
    manual: bool = False  # a ping or a retry by hand: one attempt, no schedule, never disables
    next_attempt_at: datetime | None
    attempted_at: datetime | None = None
    response_status: int | None = None
    latency_ms: float | None = None
    error: str | None = None
    response_excerpt: str | None = None
    leased_by: str | None = None
    created_at: datetime
    expires_at: datetime = Field(description="The delivery log's retention (a TTL index)")

    class Settings:
        name = "webhook_deliveries"
