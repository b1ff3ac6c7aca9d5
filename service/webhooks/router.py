"""HTTP for a tenant admin's webhooks (admin keys only), and the payloads' OpenAPI entries."""

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Path, Request, status
from pydantic import BaseModel, ConfigDict, Field, Strict

from models.enums import EventAction
from models.webhook import Webhook, WebhookDelivery
from service.core.data.pagination import Page
from service.core.errors import LimitReached, NotFound
from service.core.http.auth import AdminContext
from service.core.http.bodies import RequestBody
from service.core.http.declared import problems
from service.core.http.params import PageParams
from service.core.steps.context import TenantContext
from service.webhooks import rules
from service.webhooks.errors import WebhookUrlRefused
from service.webhooks.payloads import EventDelivery, PingDelivery
from service.webhooks.rules import Webhooks

router = APIRouter(prefix="/v1/admin/webhooks", tags=["webhooks"])
WEBHOOK_PATH = "/{webhook_id}"
Url = Annotated[str, Field(min_length=1, max_length=2000)]  # https, to a public address
EventTypes = Annotated[
    list[Annotated[EventAction, Strict(False)]] | None,
    Field(max_length=len(EventAction)),  # the event types to send (default: all)
]
Description = Annotated[str | None, Field(max_length=500)]
WebhookIdPath = Annotated[str, Path(pattern=r"^wh_[0-9a-f]{24}$", max_length=27)]
DeliveryIdPath = Annotated[str, Path(pattern=r"^[0-9a-f]{24}$", max_length=24)]


class WebhookCreate(RequestBody):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"url": "https://app.example.com/hooks/relationships"}]}
    )

    url: Url
    event_types: EventTypes = None
    description: Description = None


class WebhookPatch(RequestBody):
    """Only the fields sent change; ``enabled: true`` re-enables an endpoint disabled for
    failing."""

    url: Url | None = None
    event_types: EventTypes = None
    description: Description = None
    enabled: bool | None = None


class WebhookView(BaseModel):
    model_config = ConfigDict(title="Webhook", extra="ignore")

    webhook_id: str
    url: str
    event_types: list[EventAction] | None  # null: every type
    description: str | None
    enabled: bool
    disabled_reason: str | None  # "failing": every attempt of a delivery failed for a day
    created_at: datetime
    updated_at: datetime


class WebhookSecretView(BaseModel):
    model_config = ConfigDict(title="WebhookSecret")

    webhook_id: str
    secret: str  # the signing secret (Standard Webhooks' whsec_...): shown only in this answer


class DeliveryView(BaseModel):
    model_config = ConfigDict(title="WebhookDeliveryRecord", extra="ignore")

    delivery_id: str
    event_id: str  # the webhook-id header: receivers deduplicate by it
    event_type: str
    status: str  # pending, succeeded, failed
    attempt: int  # attempts made so far
    attempted_at: datetime | None
    response_status: int | None
    latency_ms: float | None
    error: str | None
    response_excerpt: str | None  # the first bytes of the receiver's answer
    next_attempt_at: datetime | None


def _hooks(request: Request, ctx: TenantContext) -> Webhooks:
    allow = request.app.state.settings.webhook_allow_private_targets
    return Webhooks.of(ctx, allow_private=allow)


def _view(webhook: Webhook) -> WebhookView:
    return WebhookView.model_validate(webhook.model_dump())


def _with_secret(webhook: Webhook, secret: str) -> WebhookSecretView:
    return WebhookSecretView(webhook_id=webhook.webhook_id, secret=secret)


def _delivery(delivery: WebhookDelivery) -> DeliveryView:
    return DeliveryView.model_validate({**delivery.model_dump(), "delivery_id": str(delivery.id)})


@router.post("", response_model=WebhookSecretView, status_code=status.HTTP_201_CREATED)
@problems(WebhookUrlRefused, LimitReached)
async def create_webhook(
    body: WebhookCreate, request: Request, ctx: AdminContext
) -> WebhookSecretView:
    """Register an endpoint for the tenant's events from now on; the answer carries its signing
    secret, shown this once."""
    webhook = await rules.create(
        ctx,
        _hooks(request, ctx),
        url=body.url,
        event_types=body.event_types,
        description=body.description,
    )
    return _with_secret(webhook, webhook.secrets[0].secret)


@router.get("", response_model=Page[WebhookView])
async def list_webhooks(request: Request, ctx: AdminContext) -> Page[WebhookView]:
    """Every endpoint of the tenant (at most 20: one page)."""
    found = await rules.list_all(_hooks(request, ctx))
    return Page[WebhookView](items=[_view(w) for w in found], next_cursor=None)


@router.get(WEBHOOK_PATH, response_model=WebhookView)
@problems(NotFound)
async def get_webhook(
    webhook_id: WebhookIdPath, request: Request, ctx: AdminContext
) -> WebhookView:
    return _view(await rules.get(_hooks(request, ctx), webhook_id))


@router.patch(WEBHOOK_PATH, response_model=WebhookView)
@problems(NotFound, WebhookUrlRefused)
async def change_webhook(
    webhook_id: WebhookIdPath, body: WebhookPatch, request: Request, ctx: AdminContext
) -> WebhookView:
    changes = body.model_dump(exclude_unset=True)
    for name in ("url", "enabled"):  # null here means nothing: leave it
        if changes.get(name, 0) is None:
            del changes[name]
    return _view(await rules.change(_hooks(request, ctx), webhook_id, changes))


@router.delete(WEBHOOK_PATH, status_code=status.HTTP_204_NO_CONTENT)
@problems(NotFound)
async def delete_webhook(webhook_id: WebhookIdPath, request: Request, ctx: AdminContext) -> None:
    await rules.delete(_hooks(request, ctx), webhook_id)


@router.post(WEBHOOK_PATH + "/rotate-secret", response_model=WebhookSecretView)
@problems(NotFound)
async def rotate_webhook_secret(
    webhook_id: WebhookIdPath, request: Request, ctx: AdminContext
) -> WebhookSecretView:
    """A new signing secret (shown once); the old one keeps signing beside it for 24 h."""
    webhook, secret = await rules.rotate_secret(_hooks(request, ctx), webhook_id)
    return _with_secret(webhook, secret)


@router.post(
    WEBHOOK_PATH + "/ping", response_model=DeliveryView, status_code=status.HTTP_202_ACCEPTED
)
@problems(NotFound)
async def ping_webhook(
    webhook_id: WebhookIdPath, request: Request, ctx: AdminContext
) -> DeliveryView:
    """Queue a ``ping`` event, sent at once by the delivery worker (see its delivery log)."""
    return _delivery(await rules.ping(_hooks(request, ctx), webhook_id))


@router.get(WEBHOOK_PATH + "/deliveries", response_model=Page[DeliveryView])
@problems(NotFound)
async def webhook_deliveries(
    webhook_id: WebhookIdPath, request: Request, ctx: AdminContext, page: PageParams
) -> Page[DeliveryView]:
    """The endpoint's deliveries, newest first, each with its latest attempt."""
    items, cursor = await rules.deliveries(_hooks(request, ctx), webhook_id, page)
    return Page[DeliveryView](items=[_delivery(d) for d in items], next_cursor=cursor)


@router.post(
    WEBHOOK_PATH + "/deliveries/{delivery_id}/retry",
    response_model=DeliveryView,
    status_code=status.HTTP_202_ACCEPTED,
)
@problems(NotFound)
async def retry_delivery(
    webhook_id: WebhookIdPath, delivery_id: DeliveryIdPath, request: Request, ctx: AdminContext
) -> DeliveryView:
    """Send the delivery once more, now (one attempt; its failure does not disable)."""
    return _delivery(await rules.retry(_hooks(request, ctx), webhook_id, delivery_id))


PAYLOAD_RESPONSES: dict[int | str, dict[str, Any]] = {"2XX": {"description": "Received"}}


def lean_payloads(schema: dict[str, Any]) -> dict[str, Any]:
    """A receiver's answer is any 2xx (FastAPI would describe a JSON 200 and a 422)."""
    for item in schema.get("webhooks", {}).values():
        for operation in item.values():
            operation["responses"] = PAYLOAD_RESPONSES
    return schema


def describe_payloads(app: FastAPI) -> None:
    """The OpenAPI document's ``webhooks``: what the service POSTs to an endpoint."""

    @app.webhooks.post("relationship-event")
    def relationship_event(body: EventDelivery) -> None:
        """One committed event (headers: webhook-id = event_id, webhook-timestamp,
        webhook-signature, per the Standard Webhooks specification). Answer 2xx; anything
        else is retried with backoff for about a day."""

    @app.webhooks.post("ping")
    def ping(body: PingDelivery) -> None:
        """Sent on request by ``POST /v1/admin/webhooks/{webhook_id}/ping``."""
