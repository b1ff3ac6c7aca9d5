"""Bulk contact import over HTTP: counts, row errors, merge and replace, budgets and races."""

import asyncio
import contextvars
import json
import math
from collections.abc import Iterable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from models.enums import RelationshipStatus, RelationshipType
from models.relationship import UserRelationship
from models.tenant import TenantSettings
from service.core.clock import SystemClock
from service.core.data.database import Store
from service.core.data.pagination import PageRequest
from service.core.data.repositories import EdgeRepository
from service.core.steps.context import TenantContext
from tests.helpers import Api, assert_problem, lost_race

NDJSON = "application/x-ndjson"
IMPORT = "/v1/import/contacts"


def ndjson(rows: list[Any]) -> str:
    """Rows as NDJSON; a string is sent as the line it is."""
    return "\n".join(row if isinstance(row, str) else json.dumps(row) for row in rows) + "\n"


async def post_rows(api: Api, rows: list[Any], **params: Any) -> httpx.Response:
    headers = {**api.headers, "content-type": NDJSON}
    return await api.client.post(IMPORT, content=ndjson(rows), params=params, headers=headers)


async def imported(api: Api, rows: list[Any], **params: Any) -> dict[str, Any]:
    response = await post_rows(api, rows, **params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def acme(store: Store) -> TenantContext:
    """The ``acme`` tenant's data, read below HTTP."""
    return TenantContext.bind(
        store, tenant_id="acme", settings=TenantSettings(), moment=SystemClock().now()
    )


async def saved_events(store: Store) -> list[Any]:
    events, _ = await acme(store).events.page(visible_to=None, page=PageRequest(limit=100_000))
    return [e for e in events if e.action == "contact_saved"]


async def contacts_of(store: Store, owner: str) -> list[Any]:
    edges, _ = await acme(store).edges.list_page(
        user_id=owner,
        kind=RelationshipType.CONTACT,
        status=RelationshipStatus.ACTIVE,
        page=PageRequest(limit=100_000),
    )
    return edges


def set_import_settings(app: FastAPI, **changes: int) -> None:
    app.state.settings = app.state.settings.model_copy(update=changes)


def good_rows(count: int, *, users: int = 200) -> list[dict[str, Any]]:
    return [
        {"user_id": f"u{i % users}", "target_user_id": f"t{i}", "nickname": f"n{i}"}
        for i in range(count)
    ]


BAD_ROWS: list[tuple[Any, str]] = [
    ('{"user_id": "a1", "target_user_id": ', "invalid_row"),  # a malformed line
    ("[1, 2]", "invalid_row"),  # not an object
    ({"user_id": "a1", "target_user_id": "b1", "phone": "123"}, "unknown_field"),
    ({"user_id": "a1"}, "missing_field"),
    ({"user_id": "a1", "target_user_id": "b2", "nickname": 5}, "invalid_field"),
    ({"user_id": "bad id", "target_user_id": "b3"}, "invalid_field"),
    ({"user_id": "a1", "target_user_id": "b4", "notes": "x" * 2001}, "invalid_field"),
    ({"user_id": "a1", "target_user_id": "b5", "source": "carrier_pigeon"}, "invalid_source"),
    ({"user_id": "a1", "target_user_id": "a1"}, "self_relationship"),
    ({"user_id": "u0", "target_user_id": "t0"}, "duplicate_row"),  # the first good row again
    ({"user_id": "blocker", "target_user_id": "blocked"}, "blocked"),
    ({"user_id": "blocked", "target_user_id": "blocker"}, "blocked"),  # the other direction
]


@pytest.fixture
def bulk_rows(store: Store) -> int:
    """Two batches of rows on the embedded backend (its unique index scans the collection on
    every insert, so a test of more rows is slow); the wire server is slower per write still."""
    return 1500 if store.embedded else 150


@pytest.mark.slow
async def test_import_reports_every_bad_row_and_stores_every_good_one(
    api: Api, store: Store, bulk_rows: int
) -> None:
    assert (await api.block("blocker", "blocked")).status_code == 201
    rows: list[Any] = good_rows(bulk_rows)
    expected_errors = []
    for position, (bad, code) in enumerate(BAD_ROWS):
        at = (position + 1) * bulk_rows // (len(BAD_ROWS) + 1)  # spread through the file
        rows.insert(at, bad)
        expected_errors.append(code)
    rows.insert(bulk_rows // 2, "")  # a blank line is not a row

    result = await imported(api, rows)

    received = bulk_rows + len(BAD_ROWS)
    assert result["received"] == received
    assert (result["created"], result["updated"], result["unchanged"]) == (bulk_rows, 0, 0)
    assert result["failed"] == len(BAD_ROWS)
    assert [e["code"] for e in result["errors"]] == expected_errors
    numbered = [r for r in rows if r != ""]
    for error in result["errors"]:
        assert error["detail"]
        assert numbered[error["row"] - 1] in [bad for bad, _ in BAD_ROWS]
    assert "nickname" in result["errors"][4]["detail"]  # the field is named
    assert "row 1" in result["errors"][9]["detail"]  # the duplicate names the first

    stored = await acme(store).edges.owned(
        [(r["user_id"], r["target_user_id"]) for r in good_rows(bulk_rows)],
        RelationshipType.CONTACT,
    )
    assert len(stored) == bulk_rows
    assert stored[("u7", "t7")].metadata is not None
    assert stored[("u7", "t7")].metadata.model_dump() == {
        "nickname": "n7",
        "notes": None,
        "source": "imported",
        "imported_from": None,
    }
    events = await saved_events(store)
    assert len(events) == bulk_rows
    assert {(e.actor, e.owner) for e in events if e.target == "t7"} == {("u7", "u7")}
    assert all(e.details == {"via": "import"} and e.from_status is None for e in events)
    assert await contacts_of(store, "blocker") == []


async def test_reimport_changes_nothing(api: Api, store: Store) -> None:
    rows = good_rows(30, users=7)
    first = await imported(api, rows)
    assert first["created"] == 30
    again = await imported(api, rows)
    assert (again["created"], again["updated"], again["unchanged"], again["failed"]) == (
        0,
        0,
        30,
        0,
    )
    assert len(await saved_events(store)) == 30


async def test_merge_keeps_fields_and_replace_clears_them(api: Api, store: Store) -> None:
    entry = {"nickname": "Bob", "notes": "met at the park", "source": "qr_code"}
    await api.ok("PUT", "/v1/users/alice/contacts/bob", entry)
    await api.ok("PUT", "/v1/users/alice/contacts/carol", entry)

    merged = await imported(
        api,
        [
            {"user_id": "alice", "target_user_id": "bob", "nickname": "Robert", "notes": None},
            {"user_id": "alice", "target_user_id": "carol", "nickname": "Bob"},  # as stored
        ],
    )
    assert (merged["created"], merged["updated"], merged["unchanged"]) == (0, 1, 1)
    bob = {e.target_user_id: e for e in await contacts_of(store, "alice")}["bob"]
    assert bob.metadata is not None
    assert bob.metadata.model_dump() == {**entry, "nickname": "Robert", "imported_from": None}
    assert bob.version == 1  # the import went through the guarded write

    replaced = await imported(
        api, [{"user_id": "alice", "target_user_id": "bob", "nickname": "Robert"}], mode="replace"
    )
    assert replaced["updated"] == 1
    bob = {e.target_user_id: e for e in await contacts_of(store, "alice")}["bob"]
    assert bob.metadata is not None
    assert bob.metadata.model_dump() == {
        "nickname": "Robert",
        "notes": None,
        "source": "imported",
        "imported_from": None,
    }
    history = await api.history("alice")
    assert [(e["action"], e["target"], e["details"]) for e in history[:2]] == [
        ("contact_saved", "bob", {"via": "import"}),
        ("contact_saved", "bob", {"via": "import"}),
    ]
    assert (history[0]["from_status"], history[0]["to_status"]) == ("active", "active")
    assert len(history) == 4  # two saves over PUT, two changes by the imports


async def test_dry_run_writes_nothing(api: Api, store: Store) -> None:
    await api.ok("PUT", "/v1/users/alice/contacts/bob", {"nickname": "Bob"})
    rows = [
        {"user_id": "alice", "target_user_id": "bob", "nickname": "Bob", "source": "imported"},
        {"user_id": "alice", "target_user_id": "bob2"},
        {"user_id": "alice", "target_user_id": "bob", "notes": "dup"},
    ]
    response = await post_rows(api, rows, dry_run="true", mode="replace")
    result = response.json()
    assert (result["created"], result["updated"], result["unchanged"], result["failed"]) == (
        1,
        1,
        0,
        1,
    )
    assert response.headers["x-db-round-trips"] == "3"  # the key, then two reads
    assert [e.target_user_id for e in await contacts_of(store, "alice")] == ["bob"]
    assert len(await saved_events(store)) == 1


async def test_blocks_refuse_the_pair_in_both_directions(api: Api, store: Store) -> None:
    await api.block("a", "b")
    await api.block("d", "c")
    rows = [
        {"user_id": "a", "target_user_id": "b"},
        {"user_id": "b", "target_user_id": "a"},
        {"user_id": "c", "target_user_id": "d"},
        {"user_id": "a", "target_user_id": "c"},
    ]
    result = await imported(api, rows)
    assert [(e["row"], e["code"]) for e in result["errors"]] == [
        (1, "blocked"),
        (2, "blocked"),
        (3, "blocked"),
    ]
    assert result["created"] == 1
    assert [e.target_user_id for e in await contacts_of(store, "a")] == ["c"]


async def test_round_trips_stay_within_the_budget(api: Api, app: FastAPI) -> None:
    set_import_settings(app, import_batch_size=10)
    for count in (1, 10, 25):
        rows = good_rows(count, users=4)
        rows = [{**row, "target_user_id": f"{row['target_user_id']}_{count}"} for row in rows]
        response = await post_rows(api, rows)
        assert response.json()["created"] == count
        # Per batch: existing edges, blocks, the bulk upsert, the events, the guards (a server
        # only), the counters' increments (one bulk write); and the lookup and the tenant.
        budget = 7 * math.ceil(count / 10) + 2
        assert int(response.headers["x-db-round-trips"]) <= budget, (count, budget)


async def test_too_large_is_refused_before_anything_is_written(
    api: Api, app: FastAPI, store: Store
) -> None:
    too_many = [{"user_id": "a", "target_user_id": "b"}] + ["{}"] * 10_000
    assert_problem(await post_rows(api, too_many), 413, "payload_too_large")
    set_import_settings(app, import_max_body_bytes=200)
    rows = good_rows(10)
    assert_problem(await post_rows(api, rows), 413, "payload_too_large")

    async def streamed() -> Any:  # no content-length: the limit is checked while reading
        yield ndjson(rows).encode()

    headers = {**api.headers, "content-type": NDJSON}
    response = await api.client.post(IMPORT, content=streamed(), headers=headers)
    assert_problem(response, 413, "payload_too_large")
    assert await contacts_of(store, "a") == []
    assert await saved_events(store) == []


async def test_bodies_it_cannot_read(api: Api) -> None:
    headers = {**api.headers, "content-type": "text/csv"}
    response = await api.client.post(IMPORT, content="user_id,target_user_id\n", headers=headers)
    assert_problem(response, 415, "unsupported_media_type")
    for body, status, code in (
        ("{broken", 400, "malformed_body"),
        ('{"user_id": "a"}', 422, "validation_error"),  # readable, but not an array
    ):
        response = await api.client.post(
            IMPORT, content=body, headers={**api.headers, "content-type": "application/json"}
        )
        assert_problem(response, status, code)
    assert_problem(await api.call("POST", IMPORT, None, mode="overwrite"), 422, "validation_error")


async def test_json_array_bodies_and_empty_ones(api: Api, admin: Api) -> None:
    rows = [{"user_id": "a", "target_user_id": "b"}, 7]
    result = await admin.ok("POST", IMPORT, rows)  # an admin key may import too
    assert (result["received"], result["created"]) == (2, 1)
    assert result["errors"] == [
        {"row": 2, "code": "invalid_row", "detail": "A row must be a JSON object."}
    ]
    empty = await post_rows(api, [])
    assert empty.json() == {
        "received": 0,
        "created": 0,
        "updated": 0,
        "unchanged": 0,
        "failed": 0,
        "errors": [],
    }


async def test_switched_off_contacts_refuse_the_import(
    api: Api, admin: Api, other_tenant: Api, store: Store
) -> None:
    await admin.ok("PATCH", "/v1/admin/settings", {"enabled_types": {"contact": False}})
    assert_problem(
        await post_rows(api, [{"user_id": "a", "target_user_id": "b"}]), 403, "feature_disabled"
    )
    assert await contacts_of(store, "a") == []
    # Another tenant's switches and data are its own.
    assert (await imported(other_tenant, [{"user_id": "a", "target_user_id": "b"}]))["created"]
    assert await contacts_of(store, "a") == []


async def test_concurrent_overlapping_imports_store_one_edge_per_pair(
    api: Api, store: Store
) -> None:
    everyone = good_rows(36, users=6)
    first, second = everyone[:24], everyone[12:]  # rows 12-23 are in both
    answers = await asyncio.gather(post_rows(api, first), post_rows(api, second))
    # A batch may lose every retry to the other import's (409 conflict; the batches before it
    # stay written): then only the invariants hold, one edge per pair and one event per edge.
    assert all(a.status_code == 200 or lost_race(a) for a in answers), [a.text for a in answers]
    stored = 0
    for owner in {row["user_id"] for row in everyone}:
        targets = [e.target_user_id for e in await contacts_of(store, owner)]
        assert len(targets) == len(set(targets))
        stored += len(targets)
    assert len(await saved_events(store)) == stored
    if not any(lost_race(a) for a in answers):
        results = [a.json() for a in answers]
        assert sum(r["created"] for r in results) == stored == 36
        assert sum(r["unchanged"] for r in results) == 12
        assert all(r["failed"] == 0 for r in results)


@pytest.mark.wire  # the embedded backend never interleaves two steps: no race to lose there
async def test_a_batch_that_loses_a_race_runs_again(
    api: Api, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = good_rows(12, users=3)
    first, second = rows[:8], rows[4:]  # rows 4-7 are in both
    original = EdgeRepository.owned
    reads: list[int] = []

    async def racing_owned(
        self: EdgeRepository, pairs: Iterable[tuple[str, str]], kind: RelationshipType
    ) -> dict[tuple[str, str], UserRelationship]:
        found = await original(self, pairs, kind)
        reads.append(1)
        if len(reads) == 1:  # the second import runs, and commits, between our read and write
            racer = imported(api, second)
            await asyncio.create_task(racer, context=contextvars.Context())
        return found

    monkeypatch.setattr(EdgeRepository, "owned", racing_owned)
    result = await imported(api, first)
    assert len(reads) == 3  # ours, the racer's, ours again on fresh state
    assert (result["created"], result["unchanged"]) == (4, 4)
    assert len(await saved_events(store)) == 12


async def test_imported_changes_are_an_imports_in_the_history(api: Api, admin: Api) -> None:
    await imported(admin, [{"user_id": "ann", "target_user_id": "ben", "nickname": "Ben"}])
    trail = await admin.items("/v1/admin/history", user_id="ann")  # found by whom it involves
    assert [(e["action"], e["actor"], e["actor_kind"]) for e in trail] == [
        ("contact_saved", "ann", "import")
    ]
    assert trail[0]["details"] == {"via": "import"}
    # The user sees it in their own history; the contact stays private to them.
    assert [e["actor_kind"] for e in await api.history("ann")] == ["import"]
    assert await api.history("ben") == []
