"""Deleting a tenant while its requests are in flight: nothing of it lands afterwards.

The tenant is marked first (its keys stop working, its id cannot be taken), then the deletion
waits out every step that found it live (the fence: the runner's budget, on the fake timer here,
so no real time passes), then its data goes and its record last. On the embedded backend a step
never yields once started, so what can be in flight is a request between its key lookup and
its step; the wire tier proves the same with real concurrent HTTP, steps suspended at every
database call, in both transaction modes (tests/wire/test_tenant_deletion.py).
"""

import asyncio
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from models.relationship import ContactMetadata
from models.tenant import TenantSettings
from service.contacts import rules as contacts
from service.core.data.database import Store
from service.core.data.pair import Outcome
from service.core.data.repositories import TenantRegistry
from service.core.errors import Unauthenticated
from service.core.steps.context import TenantContext
from service.core.steps.runner import StepRunner
from tests.conftest import make_tenant
from tests.helpers import Api, FakeTimer, operator_headers

TENANT = "doomed"


async def documents_of(store: Store, tenant_id: str) -> dict[str, int]:
    """Every document of the tenant's data, by collection (its registry record aside)."""
    return {
        collection.name: await store.database[collection.name].count_documents(
            {"tenant_id": tenant_id}
        )
        for collection in store.collections
        if collection is not store.tenants
    }


async def test_a_write_in_flight_during_a_deletion_never_lands(
    client: httpx.AsyncClient, store: Store, timer: FakeTimer, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = Api(client, (await make_tenant(client, TENANT))["app_key"])
    await old.ok("PUT", "/v1/users/old1/contacts/x", {"notes": "OLDDATA"})

    # One write has found its tenant live but not started its step when the deletion begins.
    reached, release = asyncio.Event(), asyncio.Event()
    original = contacts.save_contact

    async def held(ctx: TenantContext, **arguments: Any) -> Outcome:
        reached.set()
        await release.wait()
        return await original(ctx, **arguments)

    monkeypatch.setattr(contacts, "save_contact", held)
    write = asyncio.create_task(old.call("PUT", "/v1/users/old4/contacts/y", {"notes": "OLDDATA"}))
    await reached.wait()

    # While the deletion waits for the fence, the tenant's keys and its id are refused.
    during_fence: list[int] = []
    fence = timer.sleep

    async def observed_fence(seconds: float) -> None:
        during_fence.append((await old.call("GET", "/v1/users/old1/contacts")).status_code)
        taken = await client.post(
            "/v1/operator/tenants",
            json={"tenant_id": TENANT, "name": "Again"},
            headers=operator_headers(),
        )
        during_fence.append(taken.status_code)
        await fence(seconds)

    timer.sleep = observed_fence
    deleted = await client.delete(f"/v1/operator/tenants/{TENANT}", headers=operator_headers())
    assert deleted.status_code == 200, deleted.text
    assert during_fence == [401, 409]
    release.set()
    late = await write
    assert late.status_code == 401, late.text  # its step looked again: the tenant is gone

    new = Api(client, (await make_tenant(client, TENANT))["app_key"])
    for user in ("old1", "old4"):
        assert await new.items(f"/v1/users/{user}/contacts") == []
    assert set((await documents_of(store, TENANT)).values()) == {0}
    assert (await old.call("GET", "/v1/users/old1/contacts")).status_code == 401


async def test_a_step_that_starts_after_the_fence_is_refused(
    client: httpx.AsyncClient, store: Store, timer: FakeTimer
) -> None:
    """A request that found its tenant live but starts its step only after the fence looks
    again, finds it gone, and writes nothing."""
    await make_tenant(client, TENANT)
    runner = StepRunner(store, timer=timer)
    admitted = TenantContext.bind(
        store,
        tenant_id=TENANT,
        settings=TenantSettings(),
        moment=datetime.now(UTC),
        runner=runner,
        admitted_at=timer.monotonic(),
    )
    deleted = await client.delete(f"/v1/operator/tenants/{TENANT}", headers=operator_headers())
    assert deleted.status_code == 200, deleted.text
    with pytest.raises(Unauthenticated):
        await contacts.save_contact(
            admitted, user_id="old1", other_id="x", metadata=ContactMetadata(notes="OLDDATA")
        )
    assert set((await documents_of(store, TENANT)).values()) == {0}
    assert await TenantRegistry(store.tenants).get(TENANT) is None
