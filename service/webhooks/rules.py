"""The admin's webhooks: create, change, rotate, ping, and read and retry their deliveries."""

import dataclasses
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bson import ObjectId

from indexes import DeliveryIndex, WebhookIndex
from models.enums import EventAction
from models.webhook import SigningSecret, Webhook, WebhookDelivery
from service.core.data.database import Store
from service.core.data.pagination import PageRequest, id_floor, split_page
from service.core.data.tenancy import TenantCollection
from service.core.errors import LimitReached, NotFound
from service.core.steps.context import TenantContext
from service.core.steps.runner import hold_tenant, run_on_pairs
from service.webhooks.payloads import ping_payload
from service.webhooks.signing import live_secrets, new_secret, rotated
from service.webhooks.ssrf import check_url

MAX_WEBHOOKS = 20  # per tenant
DELIVERY_LOG_DAYS = 30
PENDING, SUCCEEDED, FAILED = "pending", "succeeded", "failed"


@dataclass(frozen=True)
class Webhooks:
    """A tenant's webhooks and deliveries."""

    endpoints: TenantCollection
    deliveries: TenantCollection
    now: datetime
    allow_private: bool

    @classmethod
    def of(cls, ctx: TenantContext, *, allow_private: bool) -> "Webhooks":
        store: Store = ctx.runner.store
        return cls(
            TenantCollection(store.webhooks, ctx.tenant_id),
            TenantCollection(store.webhook_deliveries, ctx.tenant_id),
            ctx.now(),
            allow_private,
        )


def parse_webhook(document: dict[str, Any]) -> Webhook:
    webhook: Webhook = Webhook.model_validate({k: v for k, v in document.items() if k != "_id"})
    return webhook


def parse_delivery(document: dict[str, Any]) -> WebhookDelivery:
    delivery: WebhookDelivery = WebhookDelivery.model_validate(document)
    return delivery


def _types(event_types: Sequence[EventAction] | None) -> list[str] | None:
    return sorted({str(t) for t in event_types}) if event_types else None


async def create(
    ctx: TenantContext,
    hooks: Webhooks,
    *,
    url: str,
    event_types: Sequence[EventAction] | None,
    description: str | None,
) -> Webhook:
    """A new endpoint, told of events from now on; its secret is in the answer only.

    Counted and written in one step holding the tenant's webhooks, so concurrent creates
    cannot pass the cap together."""
    await check_url(url, allow_private=hooks.allow_private)  # before the step: it may resolve

    async def counted(at: TenantContext) -> Webhook:
        await hold_tenant(at, "webhooks")
        if await hooks.endpoints.count({}, index=WebhookIndex.ID) >= MAX_WEBHOOKS:
            raise LimitReached(f"A tenant may have at most {MAX_WEBHOOKS} webhooks.")
        return await _insert(hooks, url=url, event_types=event_types, description=description)

    # The step's budget counts from its own start: the name's lookup is not the step's time.
    return await run_on_pairs(dataclasses.replace(ctx, request=None), [], counted)


async def _insert(
    hooks: Webhooks, *, url: str, event_types: Sequence[EventAction] | None, description: str | None
) -> Webhook:
    webhook = Webhook(
        tenant_id="-",  # the bound collection writes the tenant
        webhook_id="wh_" + secrets.token_hex(12),
        url=url,
        event_types=_types(event_types),
        description=description,
        secrets=[SigningSecret(secret=new_secret())],
        cursor=id_floor(hooks.now),
        created_at=hooks.now,
        updated_at=hooks.now,
    )
    document = webhook.model_dump(exclude={"id", "revision_id", "tenant_id"})
    await hooks.endpoints.insert_one(document)
    return webhook


async def get(hooks: Webhooks, webhook_id: str) -> Webhook:
    document = await hooks.endpoints.find_one({"webhook_id": webhook_id}, index=WebhookIndex.ID)
    if document is None:
        raise NotFound(f"No webhook {webhook_id}.")
    return parse_webhook(document)


async def list_all(hooks: Webhooks) -> list[Webhook]:
    documents = await hooks.endpoints.find(
        {}, index=WebhookIndex.ID, sort=[("webhook_id", 1)], limit=MAX_WEBHOOKS
    )
    return [parse_webhook(d) for d in documents]


async def change(hooks: Webhooks, webhook_id: str, changes: dict[str, Any]) -> Webhook:
    """Apply the fields sent; ``enabled: true`` re-enables an endpoint disabled for failing."""
    await get(hooks, webhook_id)
    update: dict[str, Any] = {"updated_at": hooks.now}
    if "url" in changes:
        await check_url(changes["url"], allow_private=hooks.allow_private)
        update["url"] = changes["url"]
    if "event_types" in changes:
        update["event_types"] = _types(changes["event_types"])
    if "description" in changes:
        update["description"] = changes["description"]
    if "enabled" in changes:
        update["enabled"] = bool(changes["enabled"])
        if update["enabled"]:
            update["disabled_reason"] = None
    if not await hooks.endpoints.update_one(
        {"webhook_id": webhook_id}, {"$set": update}, index=WebhookIndex.ID
    ):
        raise NotFound(f"No webhook {webhook_id}.")
    return await get(hooks, webhook_id)


async def delete(hooks: Webhooks, webhook_id: str) -> None:
    """The endpoint and its delivery log (nothing more is sent to it)."""
    if not await hooks.endpoints.delete_many({"webhook_id": webhook_id}, index=WebhookIndex.ID):
        raise NotFound(f"No webhook {webhook_id}.")
    await hooks.deliveries.delete_many({"webhook_id": webhook_id}, index=DeliveryIndex.EVENT)


async def rotate_secret(hooks: Webhooks, webhook_id: str) -> tuple[Webhook, str]:
    """A new secret; the old one keeps signing beside it for a day. Answers the new secret."""
    webhook = await get(hooks, webhook_id)
    secret = new_secret()
    kept = rotated(webhook.secrets, secret, hooks.now)
    await hooks.endpoints.update_one(
        {"webhook_id": webhook_id},
        {"$set": {"secrets": [s.model_dump() for s in kept], "updated_at": hooks.now}},
        index=WebhookIndex.ID,
    )
    return webhook.model_copy(update={"secrets": kept}), secret


def delivery_document(
    webhook_id: str, event_id: str, event_type: str, payload: dict[str, Any], now: datetime
) -> dict[str, Any]:
    """A pending delivery, due now (the fields set once, when it is queued)."""
    return {
        "webhook_id": webhook_id,
        "event_id": event_id,
        "event_type": event_type,
        "payload": payload,
        "status": PENDING,
        "attempt": 0,
        "manual": False,
        "next_attempt_at": now,
        "created_at": now,
        "expires_at": now + timedelta(days=DELIVERY_LOG_DAYS),
    }


async def ping(hooks: Webhooks, webhook_id: str) -> WebhookDelivery:
    """Queue a ``ping`` for the worker to send now (the API never waits on a receiver)."""
    await get(hooks, webhook_id)
    payload = ping_payload(webhook_id, hooks.now).model_dump(mode="json")
    document = delivery_document(webhook_id, str(ObjectId()), "ping", payload, hooks.now)
    document["manual"] = True
    document["_id"] = ObjectId()
    await hooks.deliveries.insert_one(document)
    return parse_delivery({**document, "tenant_id": "-"})


async def deliveries(
    hooks: Webhooks, webhook_id: str, page: PageRequest
) -> tuple[list[WebhookDelivery], str | None]:
    """The endpoint's delivery log, newest first."""
    await get(hooks, webhook_id)
    documents = await hooks.deliveries.find(
        {"webhook_id": webhook_id, **page.bound()},
        index=DeliveryIndex.LOG,
        sort=[("_id", -1)],
        limit=page.limit + 1,
    )
    kept, cursor = split_page(documents, page.limit)
    return [parse_delivery(d) for d in kept], cursor


async def retry(hooks: Webhooks, webhook_id: str, delivery_id: str) -> WebhookDelivery:
    """Send a delivery once more, now (whatever became of it); a failure does not disable."""
    await get(hooks, webhook_id)
    try:
        key = ObjectId(delivery_id)
    except (TypeError, ValueError):
        raise NotFound(f"No delivery {delivery_id}.") from None
    query = {"webhook_id": webhook_id, "_id": key}
    changed = await hooks.deliveries.update_one(
        query,
        {"$set": {"status": PENDING, "manual": True, "next_attempt_at": hooks.now}},
        index=DeliveryIndex.LOG,
    )
    document = await hooks.deliveries.find_one(query, index=DeliveryIndex.LOG)
    if not changed or document is None:
        raise NotFound(f"No delivery {delivery_id}.")
    return parse_delivery(document)


def signing_secrets(webhook: Webhook, now: datetime) -> list[SigningSecret]:
    return live_secrets(webhook.secrets, now)
