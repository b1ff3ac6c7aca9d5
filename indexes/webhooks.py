"""Indexes of ``webhooks`` and ``webhook_deliveries``.

Both are read across tenants by the delivery worker (enabled endpoints, due deliveries), so they
are not tenant-scoped at the facade; the admin API reaches them only through a tenant-bound
collection, which puts the tenant into every filter.

On a sharded cluster ``webhooks`` stays unsharded (at most a tenant's webhook cap per tenant);
deliveries, one per event and endpoint, are sharded by endpoint. The worker's round over due
deliveries (``DeliveryIndex.DUE``) then reaches every shard, each answering at most the round's
batch from that index: a bounded scatter of the worker, not of any API call (indexes/scatters.py).
"""

from enum import StrEnum

from indexes.spec import IndexSpec, ShardKey

WEBHOOKS_UNSHARDED = (
    "a few documents per tenant (the webhook cap), read across tenants by the delivery worker"
)
DELIVERIES_SHARD_KEY: ShardKey = {"tenant_id": 1, "webhook_id": 1}


class WebhookIndex(StrEnum):
    ID = "tenant_webhook_id_unique"
    ENABLED = "enabled_tenant"


class DeliveryIndex(StrEnum):
    EVENT = "tenant_webhook_event_unique"
    LOG = "tenant_webhook_id_desc"
    DUE = "status_next_attempt"
    EXPIRY = "expires_at_ttl"


WEBHOOK_INDEXES: tuple[IndexSpec, ...] = (
    IndexSpec(WebhookIndex.ID, (("tenant_id", 1), ("webhook_id", 1)), unique=True),
    # The worker's round: every enabled endpoint.
    IndexSpec(WebhookIndex.ENABLED, (("enabled", 1), ("tenant_id", 1))),
)

DELIVERY_INDEXES: tuple[IndexSpec, ...] = (
    # One delivery per event and endpoint, however often (and by how many processes) it is queued.
    IndexSpec(
        DeliveryIndex.EVENT, (("tenant_id", 1), ("webhook_id", 1), ("event_id", 1)), unique=True
    ),
    # An endpoint's delivery log, newest first.
    IndexSpec(DeliveryIndex.LOG, (("tenant_id", 1), ("webhook_id", 1), ("_id", -1))),
    # The worker's round: pending deliveries whose time (or lease) has come.
    IndexSpec(DeliveryIndex.DUE, (("status", 1), ("next_attempt_at", 1))),
    IndexSpec(DeliveryIndex.EXPIRY, (("expires_at", 1),), expire_after_seconds=0),
)
