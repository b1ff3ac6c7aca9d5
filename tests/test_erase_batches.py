"""Erasing a heavy user runs in bounded batches, each its own step, and an erase cut short
resumes where it stopped with the same final state and totals as one that never stopped."""

from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import httpx
import pytest

from models.enums import RelationshipType
from service.admin import erasure
from service.core.data.database import DriverCall, Store
from service.core.steps.context import TenantContext
from service.core.steps.runner import run_on_pairs
from tests.conftest import make_tenant
from tests.helpers import Api
from tests.test_erasure import documents_naming

WRITES = ("insert", "update", "delete")
PER_BATCH = 50
EVENTS = 200


async def contacts(api: Api, owner: str, count: int) -> None:
    rows = b"".join(
        b'{"user_id": "%s", "target_user_id": "t%04d"}\n' % (owner.encode(), i)
        for i in range(count)
    )
    imported = await api.client.post(
        "/v1/import/contacts",
        content=rows,
        headers={**api.headers, "content-type": "application/x-ndjson"},
    )
    assert imported.status_code == 200, imported.text
    assert imported.json()["created"] == count


async def edges(store: Store) -> int:
    return int(await store.database["user_relationships"].count_documents({}))


@pytest.mark.slow
async def test_a_heavy_user_is_erased_in_bounded_steps(
    api: Api, admin: Api, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    users = 2000 if store.embedded else 200  # the wire server is slow per write
    await contacts(api, "heavy", users)
    await api.follow("heavy", "bob")
    await api.follow("dave", "heavy")  # a grant goes only to a follower or friend
    await api.ok("PUT", "/v1/users/heavy/resources/doc/grants/dave", {"permission": "read"})
    monkeypatch.setattr(erasure, "USERS_PER_BATCH", PER_BATCH)
    monkeypatch.setattr(erasure, "EVENTS_PER_BATCH", EVENTS)

    writes: list[DriverCall] = []
    store.observers.append(lambda call: writes.append(call) if call.operation in WRITES else None)
    steps: list[tuple[int, int, int]] = []  # (pairs, driver writes, edges removed) per step
    real = run_on_pairs

    async def counted(
        ctx: TenantContext, pairs: Iterable[tuple[str, str]], work: Callable[..., Awaitable[Any]]
    ) -> Any:
        pairs, before, edges_before = list(pairs), len(writes), await edges(store)
        done = await real(ctx, pairs, work)
        steps.append((len(pairs), len(writes) - before, edges_before - await edges(store)))
        return done

    monkeypatch.setattr(erasure, "run_on_pairs", counted)
    erased = await admin.ok("DELETE", "/v1/admin/users/heavy")

    assert erased["edges_removed"] == users + 2
    assert erased["grants_removed"] == 1
    assert len(steps) >= (users + 3) // PER_BATCH  # one step could not have done it
    assert max(pairs for pairs, _, _ in steps) == PER_BATCH
    # Each step's work is bounded by the batch, not by the user: its edges (at most every kind
    # both ways with each of its users) and its driver writes (a bulk write counts each of its
    # documents: the batch's users' counts, and a fixed number of other writes).
    assert max(removed for _, _, removed in steps) <= 2 * len(RelationshipType) * PER_BATCH
    assert max(written for pairs, written, _ in steps if pairs) <= PER_BATCH + 20
    # The steps on no pair: the user's own documents, then their events renamed in batches.
    assert max(written for pairs, written, _ in steps if not pairs) <= EVENTS + 20
    assert sum(1 for pairs, _, _ in steps if not pairs) >= users // EVENTS
    assert sum(removed for _, _, removed in steps) == users + 2
    state = await admin.ok("GET", "/v1/admin/users/heavy/erasure")
    assert state["state"] == "done"
    assert state["left"] == {"edges": 0, "grants": 0, "events": 0}
    assert {k: state["done"][k] for k in erasure.TOTALS} == {k: erased[k] for k in erasure.TOTALS}
    assert await api.items("/v1/users/heavy/contacts") == []
    assert (await api.ok("GET", "/v1/users/bob/counts"))["followers"] == 0


async def busy_heavy(api: Api) -> None:
    await contacts(api, "heavy", 300)
    await api.ok("POST", "/v1/users/heavy/friend-requests", {"target_user_id": "bob"})
    await api.ok("POST", "/v1/users/bob/friend-requests/heavy/accept")
    await api.ok("PUT", "/v1/users/heavy/resources/doc/grants/bob", {"permission": "read"})
    await api.ok("PUT", "/v1/users/heavy/settings", {"follow_requires_approval": True})
    listed = await api.ok("POST", "/v1/users/zed/lists", {"name": "Z"})
    await api.ok("PUT", f"/v1/users/zed/lists/{listed['list_id']}/members/heavy")
    await api.follow("heavy", "zed")


class Interrupted(Exception):
    pass


async def test_an_interrupted_erase_resumes_to_the_same_end(
    client: httpx.AsyncClient,
    api: Api,
    admin: Api,
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    control = await make_tenant(client, "globex")
    control_api, control_admin = Api(client, control["app_key"]), Api(client, control["admin_key"])
    await busy_heavy(control_api)
    await busy_heavy(api)
    monkeypatch.setattr(erasure, "USERS_PER_BATCH", PER_BATCH)
    whole = await control_admin.ok("DELETE", "/v1/admin/users/heavy")

    real, calls = erasure._erase_with, []

    async def crash_on_third(*args: Any) -> None:
        calls.append(args)
        if len(calls) == 3:
            raise Interrupted("the process died")
        await real(*args)

    monkeypatch.setattr(erasure, "_erase_with", crash_on_third)
    with pytest.raises(Interrupted):
        await admin.call("DELETE", "/v1/admin/users/heavy")
    state = await admin.ok("GET", "/v1/admin/users/heavy/erasure")
    assert state["state"] == "in_progress"
    assert 0 < state["done"]["edges_removed"] < whole["edges_removed"]
    assert state["left"]["edges"] > 0
    assert state["left"]["events"] > 0

    monkeypatch.setattr(erasure, "_erase_with", real)
    resumed = await admin.ok("DELETE", "/v1/admin/users/heavy")
    assert {k: v for k, v in resumed.items() if k != "pseudonym"} == {
        k: v for k, v in whole.items() if k != "pseudonym"
    }
    assert await documents_naming(store, "heavy") == []
    erased_events = await admin.items("/v1/admin/history", action="user_erased")
    assert len(erased_events) == 1
    assert (await admin.ok("GET", "/v1/admin/users/heavy/erasure"))["state"] == "done"
    # The others' counts and lists moved exactly as in the erase that was never cut short.
    for tenant in (api, control_api):
        counts = await tenant.ok("GET", "/v1/users/bob/counts")
        assert counts["friends"] == 0
        assert (await tenant.ok("GET", "/v1/users/zed/counts"))["followers"] == 0
        (zed_list,) = await tenant.items("/v1/users/zed/lists")
        assert zed_list["member_count"] == 0


async def test_the_erasure_of_a_user_never_erased_has_not_started(api: Api, admin: Api) -> None:
    await api.follow("amy", "bob")
    state = await admin.ok("GET", "/v1/admin/users/amy/erasure")
    assert state["state"] == "not_started"
    assert state["left"] == {"edges": 1, "grants": 0, "events": 1}
    assert state["done"]["edges_removed"] == 0
