"""The delivery worker: every committed event, to every endpoint that wants it, at least once.

Each round it *queues* and then *sends*:

* Queue: for each enabled endpoint, the tenant's events after its cursor and below the change
  feed's horizon (``service.feed.rules.horizon``: every event below it has committed or never
  will, so nothing uncommitted is sent and nothing committing late is skipped) become pending
  deliveries, one per event (a unique index: queuing twice, or in two processes, queues once);
  then the cursor moves on (only from where it was read, so two processes never move it back).
* Send: a pending delivery whose time has come is taken under a lease (its ``next_attempt_at``
  moved a lease ahead, on condition it is still the one read: one process wins), POSTed signed,
  and its outcome written. A process killed mid-attempt leaves the lease to run out; another
  round sends it again (at least once; receivers deduplicate by ``webhook-id``).

A failed attempt is retried on the schedule (``schedule.RETRY_DELAYS``); when it is spent the
endpoint is disabled. Each tenant has at most ``per_tenant`` attempts in flight, so one tenant's
slow receiver cannot hold up another's, and the API never waits on any of them.
"""

import asyncio
import contextlib
import json
import logging
import random
import secrets
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
from bson import ObjectId

from indexes import DeliveryIndex, WebhookIndex
from models.enums import EventAction
from models.event import RelationshipEvent
from models.webhook import Webhook, WebhookDelivery
from service.core.clock import Clock
from service.core.data.database import Store, Upsert
from service.core.data.repositories import EventRepository, TenantRegistry
from service.core.data.tenancy import TenantCollection
from service.core.settings import Settings
from service.feed.rules import feed_lag, horizon
from service.webhooks.errors import WebhookUrlRefused
from service.webhooks.payloads import PING, event_payload
from service.webhooks.rules import (
    FAILED,
    PENDING,
    SUCCEEDED,
    delivery_document,
    parse_delivery,
    parse_webhook,
)
from service.webhooks.schedule import next_delay
from service.webhooks.signing import signed_headers
from service.webhooks.ssrf import CheckedAddresses, check_url, checked_transport, name_of

log = logging.getLogger(__name__)
EXCERPT_CHARS = 256  # of a response body, kept in the delivery log
QUEUE_BATCH = 100  # events queued per endpoint per round
SEND_BATCH = 200  # due deliveries read per round
MAX_ENDPOINTS_PER_ROUND = 1000


@dataclass(frozen=True)
class WorkerOptions:
    lag_seconds: float  # the feed's horizon lag
    allow_private: bool = False
    timeout_seconds: float = 5.0
    per_tenant: int = 4  # attempts in flight per tenant
    lease_seconds: float = 60.0  # longer than an attempt can take (the timeout, DNS, writes)
    poll_seconds: float = 1.0


def worker_options(settings: Settings) -> WorkerOptions:
    return WorkerOptions(
        lag_seconds=feed_lag(settings),
        allow_private=settings.webhook_allow_private_targets,
        timeout_seconds=settings.webhook_timeout_seconds,
        per_tenant=settings.webhook_concurrency_per_tenant,
        # As long as a step's lease (how long a dead process may hold work), and always well
        # beyond an attempt's timeout: a live attempt never loses its lease.
        lease_seconds=max(settings.lease_seconds, 3 * settings.webhook_timeout_seconds),
    )


@dataclass(frozen=True)
class Outcome:
    status: int | None
    latency_ms: float
    error: str | None
    excerpt: str | None

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


class DeliveryWorker:
    def __init__(
        self,
        store: Store,
        clock: Clock,
        options: WorkerOptions,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        rng: random.Random | None = None,
        monotonic: Callable[[], float] = time.perf_counter,
    ) -> None:
        self._store = store
        self._clock = clock
        self._options = options
        self._rng = rng or random.Random()
        self._monotonic = monotonic
        self.holder = secrets.token_hex(6)  # names this process's leases in the log
        # Connections only to the addresses each name's check approved (tests give a transport
        # of their own, which makes no connections).
        self.addresses = CheckedAddresses()
        # Never a redirect: the target it names was not checked (nor meant).
        self._http = httpx.AsyncClient(
            transport=transport or checked_transport(self.addresses),
            timeout=options.timeout_seconds,
            follow_redirects=False,
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def run(self, stop: asyncio.Event) -> None:
        """Rounds until ``stop`` is set; a round that found nothing to send waits a poll."""
        while not stop.is_set():
            sent = 0
            try:
                sent = await self.round()
            except Exception:  # the worker outlives any one round (the database down, a bug)
                log.exception("webhook round failed; trying again")
            if not sent:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self._options.poll_seconds)

    async def round(self) -> int:
        """Queue what has committed, then send what is due; answers the attempts made."""
        await self.queue()
        return await self.send_due()

    # -- queuing --------------------------------------------------------------------------

    async def queue(self) -> int:
        now = self._clock.now()
        until = horizon(now, self._options.lag_seconds)
        documents = await self._store.webhooks.find(
            {"enabled": True}, index=WebhookIndex.ENABLED, limit=MAX_ENDPOINTS_PER_ROUND
        )
        live = await self._live_tenants({d["tenant_id"] for d in documents})
        queued = 0
        for document in documents:
            webhook = parse_webhook(document)
            if webhook.tenant_id in live and webhook.cursor < until:
                queued += await self._queue_for(webhook, until, now)
        return queued

    async def _live_tenants(self, tenant_ids: set[str]) -> set[str]:
        registry = TenantRegistry(self._store.tenants)
        live = set()
        for tenant_id in tenant_ids:
            tenant = await registry.get(tenant_id)
            if tenant is not None and tenant.deleting_since is None:
                live.add(tenant_id)
        return live

    async def _queue_for(self, webhook: Webhook, until: Any, now: datetime) -> int:
        tenant_id = webhook.tenant_id
        events = EventRepository(
            TenantCollection(self._store.events, tenant_id), tenant_id, now
        ).oldest_first(
            after=webhook.cursor,
            before=until,
            actions=[EventAction(t) for t in webhook.event_types or ()],
            limit=QUEUE_BATCH,
        )
        found = await events
        deliveries = TenantCollection(self._store.webhook_deliveries, tenant_id)
        upserts = []
        for event in found:
            # No copy of the event: each round reads it afresh (_payload), so the log holds no
            # user's id and an erase's renaming reaches deliveries still pending.
            document = delivery_document(
                webhook.webhook_id, str(event.id), str(event.action), {}, now
            )
            key = {"webhook_id": document.pop("webhook_id"), "event_id": document.pop("event_id")}
            upserts.append(Upsert(key, {"$setOnInsert": document}))
        # A duplicate is a delivery already queued (by another round or process): kept as is.
        await deliveries.upsert_many(upserts, index=DeliveryIndex.EVENT)
        resume = found[-1].id if len(found) == QUEUE_BATCH and found[-1].id else until
        await TenantCollection(self._store.webhooks, tenant_id).update_one(
            {"webhook_id": webhook.webhook_id, "cursor": webhook.cursor},
            {"$set": {"cursor": resume}},
            index=WebhookIndex.ID,
        )
        return len(found)

    # -- sending --------------------------------------------------------------------------

    async def send_due(self) -> int:
        now = self._clock.now()
        documents = await self._store.webhook_deliveries.find(
            {"status": PENDING, "next_attempt_at": {"$lte": now}},
            index=DeliveryIndex.DUE,
            sort=[("next_attempt_at", 1)],
            limit=SEND_BATCH,
        )
        by_tenant: dict[str, list[WebhookDelivery]] = defaultdict(list)
        for document in documents:
            by_tenant[document["tenant_id"]].append(parse_delivery(document))
        results = await asyncio.gather(
            *(self._send_for_tenant(tenant_id, due) for tenant_id, due in by_tenant.items())
        )
        return sum(results)

    async def _send_for_tenant(self, tenant_id: str, due: list[WebhookDelivery]) -> int:
        """Send one tenant's due deliveries, ``per_tenant`` at a time: their endpoints read in
        one query, and each group's events in one query just before the group is sent (an
        erase's renaming reaches every attempt that starts after it)."""
        endpoints = TenantCollection(self._store.webhooks, tenant_id)
        webhook_ids = sorted({d.webhook_id for d in due})
        found = await endpoints.find(
            {"webhook_id": {"$in": webhook_ids}}, index=WebhookIndex.ID, limit=len(webhook_ids)
        )
        webhooks = {w.webhook_id: w for w in map(parse_webhook, found)}
        # An endpoint disabled waits to be enabled again (or for its log to expire).
        sendable = [d for d in due if (w := webhooks.get(d.webhook_id)) is not None and w.enabled]
        events = EventRepository(
            TenantCollection(self._store.events, tenant_id), tenant_id, self._clock.now()
        )
        sent = 0
        for start in range(0, len(sendable), self._options.per_tenant):
            group = sendable[start : start + self._options.per_tenant]
            stored = await events.get_many(
                [ObjectId(d.event_id) for d in group if d.event_type != PING]
            )
            attempts = (
                self._attempt(webhooks[d.webhook_id], d, _payload(d, stored)) for d in group
            )
            sent += sum(await asyncio.gather(*attempts))
        return sent

    async def _attempt(
        self, webhook: Webhook, delivery: WebhookDelivery, payload: dict[str, Any] | None
    ) -> int:
        deliveries = TenantCollection(self._store.webhook_deliveries, webhook.tenant_id)
        now = self._clock.now()
        key = {"webhook_id": webhook.webhook_id, "_id": delivery.id}
        taken = await deliveries.update_one(
            {**key, "status": PENDING, "next_attempt_at": delivery.next_attempt_at},
            {
                "$set": {
                    "next_attempt_at": now + timedelta(seconds=self._options.lease_seconds),
                    "leased_by": self.holder,
                }
            },
            index=DeliveryIndex.LOG,
        )
        if not taken:
            return 0  # another process took it
        if payload is None:
            outcome = Outcome(None, 0.0, "the event is gone (past the history's retention)", None)
        else:
            outcome = await self._post(webhook, delivery, payload, now)
        attempt = delivery.attempt + 1
        update: dict[str, Any] = {
            "attempt": attempt,
            "attempted_at": now,
            "response_status": outcome.status,
            "latency_ms": round(outcome.latency_ms, 1),
            "error": outcome.error,
            "response_excerpt": outcome.excerpt,
            "leased_by": None,
            "manual": False,
        }
        delay = None if outcome.ok or delivery.manual else next_delay(attempt, self._rng)
        if outcome.ok:
            update |= {"status": SUCCEEDED, "next_attempt_at": None}
        elif delay is None:
            update |= {"status": FAILED, "next_attempt_at": None}
        else:
            update |= {"status": PENDING, "next_attempt_at": now + delay}
        await deliveries.update_one(
            {**key, "leased_by": self.holder}, {"$set": update}, index=DeliveryIndex.LOG
        )
        if not outcome.ok and delay is None and not delivery.manual:
            await self._disable(webhook)
        return 1

    async def _disable(self, webhook: Webhook) -> None:
        """Every attempt of a delivery failed, for about a day: stop until a PATCH enables it."""
        log.warning("webhook %s disabled: every attempt failed", webhook.webhook_id)
        await TenantCollection(self._store.webhooks, webhook.tenant_id).update_one(
            {"webhook_id": webhook.webhook_id},
            {"$set": {"enabled": False, "disabled_reason": "failing"}},
            index=WebhookIndex.ID,
        )

    async def _post(
        self, webhook: Webhook, delivery: WebhookDelivery, payload: dict[str, Any], now: datetime
    ) -> Outcome:
        started = self._monotonic()

        def elapsed() -> float:
            return (self._monotonic() - started) * 1000

        try:
            # Again at each attempt: the name may resolve elsewhere since it was saved; a new
            # connection then goes to an address checked, the name never resolved again.
            approved = await check_url(webhook.url, allow_private=self._options.allow_private)
        except WebhookUrlRefused as refused:
            return Outcome(None, elapsed(), refused.detail, None)
        if approved is not None:
            self.addresses.approved[name_of(webhook.url)] = approved
        body = json.dumps(payload, separators=(",", ":"), sort_keys=True)
        headers = signed_headers(webhook.secrets, message_id=delivery.event_id, at=now, body=body)
        try:
            async with self._http.stream(
                "POST", webhook.url, content=body, headers=headers
            ) as response:
                head = b""
                async for part in response.aiter_bytes():  # an excerpt, never the whole body
                    head += part
                    if len(head) >= EXCERPT_CHARS:
                        break
        except httpx.HTTPError as failure:
            return Outcome(None, elapsed(), f"{type(failure).__name__}: {failure}"[:200], None)
        excerpt = head[:EXCERPT_CHARS].decode(errors="replace") or None
        problem = None if response.is_success else f"HTTP {response.status_code}"
        return Outcome(response.status_code, elapsed(), problem, excerpt)


def _payload(
    delivery: WebhookDelivery, stored: dict[ObjectId, RelationshipEvent]
) -> dict[str, Any] | None:
    """What a delivery sends: a ping as queued; an event as it stands in the history now
    (None: gone, past the history's retention)."""
    if delivery.event_type == PING:
        return delivery.payload
    event = stored.get(ObjectId(delivery.event_id))
    return None if event is None else event_payload(event).model_dump(mode="json")
