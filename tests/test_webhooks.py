"""Webhooks against a local receiver: signed deliveries that verify with the standardwebhooks
package, retries on the schedule with a fake clock, disabling and re-enabling, secret rotation,
ping, retry, the delivery log and tenant isolation. (SSRF: tests/test_webhook_ssrf.py.)"""

import contextlib
import json
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from standardwebhooks.webhooks import Webhook as Verifier
from standardwebhooks.webhooks import WebhookVerificationError

from indexes import DeliveryIndex
from service.core.data.database import Store
from service.core.settings import Settings
from service.webhooks.delivery import EXCERPT_CHARS, DeliveryWorker
from service.webhooks.schedule import JITTER, RETRY_DELAYS
from tests.conftest import make_tenant
from tests.helpers import Api, FakeClock, assert_problem
from tests.webhook_helpers import Receiver, worker

LAG = 11.0  # the feed's default lag (tests/test_feed.py)
HOOK = "http://receiver.test/hooks"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    # The receiver is a MockTransport on a made-up http host: allowed only with the setting.
    return settings.model_copy(update={"webhook_allow_private_targets": True})


@pytest.fixture
async def workers(
    app: FastAPI, clock: FakeClock
) -> AsyncIterator[Callable[[Receiver], DeliveryWorker]]:
    made: list[DeliveryWorker] = []

    def make(receiver: Receiver) -> DeliveryWorker:
        made.append(worker(app, clock, receiver))
        return made[-1]

    yield make
    for w in made:
        await w.aclose()


async def create(admin: Api, **body: Any) -> dict[str, Any]:
    response = await admin.call("POST", "/v1/admin/webhooks", {"url": HOOK, **body})
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def deliveries(admin: Api, webhook_id: str) -> list[dict[str, Any]]:
    page = await admin.ok("GET", f"/v1/admin/webhooks/{webhook_id}/deliveries")
    items: list[dict[str, Any]] = page["items"]
    return items


def verified(secret: str, request: httpx.Request) -> dict[str, Any]:
    payload: dict[str, Any] = Verifier(secret).verify(request.content, dict(request.headers))
    return payload


async def test_each_committed_event_is_delivered_signed_once(
    admin: Api, clock: FakeClock, workers: Callable[[Receiver], DeliveryWorker]
) -> None:
    created = await create(admin)
    assert created["secret"].startswith("whsec_")
    receiver = Receiver()
    deliver = workers(receiver)
    await admin.befriend("alice", "bob")
    await admin.block("carol", "dave")
    assert await deliver.round() == 0  # younger than the feed's horizon: not yet certain
    assert receiver.requests == []
    clock.advance(seconds=LAG + 1)
    await deliver.round()
    payloads = [verified(created["secret"], r) for r in receiver.requests]
    feed = await admin.ok("GET", "/v1/events")
    assert sorted(p["data"]["event_id"] for p in payloads) == sorted(
        e["event_id"] for e in feed["items"]
    )
    assert {p["type"] for p in payloads} == {"friend_requested", "friend_accepted", "block"}
    for request, payload in zip(receiver.requests, payloads, strict=True):
        assert request.headers["webhook-id"] == payload["data"]["event_id"]
        assert request.method == "POST"
        assert request.headers["content-type"] == "application/json"
    # A wrong secret, or a changed body, does not verify.
    other = (await create(admin))["secret"]
    with pytest.raises(WebhookVerificationError):
        verified(other, receiver.requests[0])
    tampered = httpx.Request(
        "POST",
        HOOK,
        content=receiver.requests[0].content + b" ",
        headers=receiver.requests[0].headers,
    )
    with pytest.raises(WebhookVerificationError):
        verified(created["secret"], tampered)
    # Nothing is sent twice.
    sent = len(receiver.requests)
    clock.advance(seconds=60)
    await deliver.round()
    assert len(receiver.requests) == sent
    log = await deliveries(admin, created["webhook_id"])
    assert {d["status"] for d in log} == {"succeeded"}
    assert all(d["attempt"] == 1 and d["response_status"] == 200 for d in log)


async def test_an_erased_user_is_neither_kept_in_the_log_nor_sent_after_the_erase(
    admin: Api, clock: FakeClock, store: Store, workers: Callable[[Receiver], DeliveryWorker]
) -> None:
    await create(admin, event_types=["block"])
    receiver = Receiver(statuses=[503])
    deliver = workers(receiver)
    await admin.block("carol", "dave")
    clock.advance(seconds=LAG + 1)
    await deliver.round()
    assert receiver.payloads()[0]["data"]["owner"] == "carol"  # the attempt that failed
    await admin.ok("DELETE", "/v1/admin/users/carol")
    clock.advance(seconds=RETRY_DELAYS[0].total_seconds() * (1 + JITTER) + 1)
    await deliver.round()
    retried = receiver.payloads()[-1]
    assert retried["type"] == "block"
    assert "carol" not in json.dumps(retried)  # the event as the erase left it
    assert retried["data"]["owner"].startswith("erased:")
    logged = await store.webhook_deliveries.find({"tenant_id": "acme"}, index=DeliveryIndex.EVENT)
    assert logged
    assert "carol" not in json.dumps(logged, default=str)


async def test_only_the_chosen_event_types_are_sent(
    admin: Api, clock: FakeClock, workers: Callable[[Receiver], DeliveryWorker]
) -> None:
    await create(admin, event_types=["block"])
    receiver = Receiver()
    await admin.befriend("alice", "bob")
    await admin.block("carol", "dave")
    clock.advance(seconds=LAG + 1)
    await workers(receiver).round()
    assert [p["type"] for p in receiver.payloads()] == ["block"]


async def test_failures_are_retried_on_the_schedule_then_the_endpoint_is_disabled(
    admin: Api, clock: FakeClock, workers: Callable[[Receiver], DeliveryWorker]
) -> None:
    created = await create(admin, event_types=["block"])
    hook = f"/v1/admin/webhooks/{created['webhook_id']}"
    receiver = Receiver(status=503)
    deliver = workers(receiver)
    await admin.block("carol", "dave")
    clock.advance(seconds=LAG + 1)
    await deliver.round()
    assert len(receiver.requests) == 1
    for number, delay in enumerate(RETRY_DELAYS, start=1):
        (record,) = await deliveries(admin, created["webhook_id"])
        assert record["status"] == "pending"
        assert record["attempt"] == number
        assert record["response_status"] == 503
        waited = datetime.fromisoformat(record["next_attempt_at"]) - datetime.fromisoformat(
            record["attempted_at"]
        )
        assert delay * (1 - JITTER) <= waited <= delay * (1 + JITTER), (number, waited)
        clock.advance(seconds=waited.total_seconds() * 0.5)  # not yet due
        await deliver.round()
        assert len(receiver.requests) == number
        clock.advance(seconds=waited.total_seconds() * 0.5 + 1)
        await deliver.round()
        assert len(receiver.requests) == number + 1
    (record,) = await deliveries(admin, created["webhook_id"])
    assert record["status"] == "failed"
    assert record["attempt"] == len(RETRY_DELAYS) + 1
    assert record["next_attempt_at"] is None
    shown = await admin.ok("GET", hook)
    assert shown["enabled"] is False
    assert shown["disabled_reason"] == "failing"
    # Disabled: nothing more is sent, also of new events ...
    receiver.status = 200
    await admin.block("erin", "frank")
    clock.advance(hours=1)
    await deliver.round()
    assert len(receiver.requests) == len(RETRY_DELAYS) + 1
    # ... until a PATCH enables it again: then what happened meanwhile is delivered.
    enabled = await admin.ok("PATCH", hook, {"enabled": True})
    assert enabled["enabled"] is True
    assert enabled["disabled_reason"] is None
    await deliver.round()
    assert [p["data"]["owner"] for p in receiver.payloads()[-1:]] == ["erin"]


async def test_a_rotated_secret_signs_beside_the_new_one_for_a_day(
    admin: Api, clock: FakeClock, workers: Callable[[Receiver], DeliveryWorker]
) -> None:
    created = await create(admin, event_types=["block"])
    rotated = await admin.ok("POST", f"/v1/admin/webhooks/{created['webhook_id']}/rotate-secret")
    assert rotated["webhook_id"] == created["webhook_id"]
    old, new = created["secret"], rotated["secret"]
    assert old != new
    receiver = Receiver()
    deliver = workers(receiver)
    await admin.block("carol", "dave")
    clock.advance(seconds=LAG + 1)
    await deliver.round()
    (during,) = receiver.requests
    assert verified(old, during) == verified(new, during)  # both verify during the overlap
    clock.advance(hours=24)
    await admin.block("erin", "frank")
    clock.advance(seconds=LAG + 1)
    await deliver.round()
    after = receiver.requests[-1]
    # The timestamp is a day ahead of the real clock, which verify() refuses: check the
    # signatures themselves, made by the package's own signer.
    moment = datetime.fromtimestamp(int(after.headers["webhook-timestamp"]))
    body, message = after.content.decode(), after.headers["webhook-id"]
    signatures = after.headers["webhook-signature"].split(" ")
    assert signatures == [Verifier(new).sign(message, moment, body)]
    assert Verifier(old).sign(message, moment, body) not in signatures


async def test_ping_retry_and_the_delivery_log(
    admin: Api, clock: FakeClock, workers: Callable[[Receiver], DeliveryWorker]
) -> None:
    created = await create(admin, description="crm")
    hook = f"/v1/admin/webhooks/{created['webhook_id']}"
    receiver = Receiver(body=b"x" * 10_000)
    deliver = workers(receiver)
    queued = await admin.call("POST", f"{hook}/ping")
    assert queued.status_code == 202, queued.text  # queued: the API never waits on a receiver
    assert receiver.requests == []
    assert queued.json()["status"] == "pending"
    await deliver.round()
    (ping,) = receiver.payloads()
    assert ping["type"] == "ping"
    assert ping["data"] == {"webhook_id": created["webhook_id"]}
    verified(created["secret"], receiver.requests[0])
    (record,) = await deliveries(admin, created["webhook_id"])
    assert record["status"] == "succeeded"
    assert record["response_status"] == 200
    assert record["latency_ms"] >= 0
    assert record["response_excerpt"] == "x" * EXCERPT_CHARS  # a short excerpt only
    retried = await admin.call("POST", f"{hook}/deliveries/{record['delivery_id']}/retry")
    assert retried.status_code == 202, retried.text
    await deliver.round()
    assert len(receiver.requests) == 2
    assert receiver.requests[1].headers["webhook-id"] == receiver.requests[0].headers["webhook-id"]
    missing = await admin.call("POST", f"{hook}/deliveries/{'0' * 24}/retry")
    assert_problem(missing, 404, "not_found")


async def test_a_failed_ping_is_tried_once_and_never_disables(
    admin: Api, workers: Callable[[Receiver], DeliveryWorker], clock: FakeClock
) -> None:
    created = await create(admin)
    hook = f"/v1/admin/webhooks/{created['webhook_id']}"
    receiver = Receiver(status=302, headers={"location": "http://elsewhere.test/"})
    deliver = workers(receiver)
    assert (await admin.call("POST", f"{hook}/ping")).status_code == 202
    await deliver.round()
    clock.advance(days=2)
    await deliver.round()
    assert [str(r.url) for r in receiver.requests] == [HOOK]  # the redirect is not followed
    (record,) = await deliveries(admin, created["webhook_id"])
    assert (record["status"], record["response_status"]) == ("failed", 302)
    assert (await admin.ok("GET", hook))["enabled"] is True


async def test_an_attempt_whose_process_died_is_sent_after_its_lease(
    app: FastAPI, admin: Api, clock: FakeClock, workers: Callable[[Receiver], DeliveryWorker]
) -> None:
    created = await create(admin)
    dead, alive = Receiver(), Receiver()
    pinged = await admin.call("POST", f"/v1/admin/webhooks/{created['webhook_id']}/ping")
    assert pinged.status_code == 202

    class Died(BaseException):
        """The process ends mid-attempt: nothing after it runs (no Exception handler)."""

    def die(request: httpx.Request) -> httpx.Response:
        raise Died

    dying = workers(dead)
    dying._http._transport = httpx.MockTransport(die)
    with pytest.raises(Died):
        await dying.round()
    survivor = workers(alive)
    await survivor.round()
    assert alive.requests == []  # the dead process's lease still holds
    clock.advance(seconds=61)
    await survivor.round()
    assert len(alive.requests) == 1


async def test_the_admin_api(admin: Api, other_tenant: Api, client: httpx.AsyncClient) -> None:
    created = await create(admin, event_types=["block", "mute"], description="crm")
    hook = f"/v1/admin/webhooks/{created['webhook_id']}"
    shown = await admin.ok("GET", hook)
    assert "secret" not in json.dumps(shown)
    assert shown["event_types"] == ["block", "mute"]
    assert shown["enabled"] is True
    listed = await admin.ok("GET", "/v1/admin/webhooks")
    assert [w["webhook_id"] for w in listed["items"]] == [created["webhook_id"]]
    changed = await admin.ok(
        "PATCH", hook, {"url": "http://receiver.test/v2", "event_types": None, "enabled": False}
    )
    assert (changed["url"], changed["event_types"], changed["enabled"]) == (
        "http://receiver.test/v2",
        None,
        False,
    )
    assert_problem(
        await admin.call("POST", "/v1/admin/webhooks", {"url": HOOK, "event_types": ["nope"]}),
        422,
        "validation_error",
    )
    # Another tenant sees none of it, and an app key is refused.
    other_admin = Api(client, other_tenant.key)
    assert_problem(await other_admin.call("GET", hook), 403, "insufficient_scope")
    assert_problem(await admin.call("DELETE", hook.replace("wh_", "wh_f")[:-1]), 404, "not_found")
    assert await admin.call("DELETE", hook) is not None
    assert_problem(await admin.call("GET", hook), 404, "not_found")
    assert (await admin.ok("GET", "/v1/admin/webhooks"))["items"] == []


async def test_tenants_see_only_their_own_webhooks_and_events(
    admin: Api,
    client: httpx.AsyncClient,
    clock: FakeClock,
    workers: Callable[[Receiver], DeliveryWorker],
) -> None:
    globex = await make_tenant(client, "globex")
    other = Api(client, globex["admin_key"])
    mine = await create(admin)
    theirs = await create(other)
    assert_problem(
        await other.call("GET", f"/v1/admin/webhooks/{mine['webhook_id']}"), 404, "not_found"
    )
    listed = await other.ok("GET", "/v1/admin/webhooks")
    assert [w["webhook_id"] for w in listed["items"]] == [theirs["webhook_id"]]
    receiver = Receiver()
    await admin.block("alice", "bob")
    await other.block("zed", "yan")
    clock.advance(seconds=LAG + 1)
    await workers(receiver).round()
    by_secret = {}
    for request in receiver.requests:
        for name, secret in (("acme", mine["secret"]), ("globex", theirs["secret"])):
            with contextlib.suppress(WebhookVerificationError):
                by_secret[verified(secret, request)["data"]["owner"]] = name
    assert by_secret == {"alice": "acme", "zed": "globex"}


def test_the_schedule_spans_about_a_day() -> None:
    total = sum(RETRY_DELAYS, timedelta())
    assert timedelta(hours=20) <= total <= timedelta(hours=36)


async def test_a_round_reads_endpoints_once_and_events_once_per_group_sent_together(
    admin: Api,
    app: FastAPI,
    clock: FakeClock,
    workers: Callable[[Receiver], DeliveryWorker],
) -> None:
    """A tenant's endpoints in one query, and its events in one query per group of attempts
    sent together (``per_tenant``, 2 here), each just before its group goes out."""
    await create(admin)
    await create(admin)
    receiver = Receiver()
    deliver = workers(receiver)
    for fan in range(6):
        await admin.follow(f"fan{fan}", "star")
    clock.advance(seconds=LAG + 1)
    await deliver.queue()  # the deliveries are written: now only the sending is counted
    reads: list[str] = []
    store: Store = app.state.store
    store.observers.append(
        lambda call: reads.append(call.collection) if call.operation == "find" else None
    )
    assert await deliver.send_due() == 12  # 6 events x 2 endpoints
    assert reads.count("relationship_events") == 12 // 2
    assert reads.count("webhooks") == 1
