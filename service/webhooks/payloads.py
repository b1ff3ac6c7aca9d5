"""What a delivery's body is: one event, in the Standard Webhooks envelope (type, timestamp,
data). The OpenAPI document's ``webhooks`` section describes these."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from models.enums import EventAction
from models.event import RelationshipEvent
from service.feed.views import FeedEvent, event_view

PING = "ping"


class EventDelivery(BaseModel):
    """A change: ``data`` is the event as the feed shows it; ``webhook-id`` is its event id."""

    model_config = ConfigDict(title="WebhookEventDelivery")

    type: EventAction
    timestamp: datetime
    data: FeedEvent


class PingData(BaseModel):
    webhook_id: str


class PingDelivery(BaseModel):
    """Sent by ``POST /v1/admin/webhooks/{webhook_id}/ping``."""

    model_config = ConfigDict(title="WebhookPingDelivery")

    type: Literal["ping"]
    timestamp: datetime
    data: PingData


def event_payload(event: RelationshipEvent) -> EventDelivery:
    return EventDelivery(type=event.action, timestamp=event.at, data=event_view(event))


def ping_payload(webhook_id: str, now: datetime) -> PingDelivery:
    return PingDelivery(type=PING, timestamp=now, data=PingData(webhook_id=webhook_id))
