"""The embedded backend at realistic sizes: the mock's work per write does not grow with the store,
its uniqueness still holds, its narrowed scans answer what the mock's own matcher answers, and an
import yields between batches and stops when its client has gone."""

import json
from collections.abc import Callable
from typing import Any

import mongomock.collection
import mongomock.filtering
import pytest
from fastapi import FastAPI
from starlette.types import ASGIApp, Message

from indexes.events import EventIndex
from models.enums import RelationshipType
from service.core.data.database import DuplicateKeyError, Store, Upsert, embedded
from service.core.settings import EMBEDDED_IMPORT_BATCH_SIZE, Settings
from tests.helpers import Api
from tests.test_import import contacts_of, imported, set_import_settings

pytestmark = pytest.mark.embedded_only
SLOT = "tenant_user_slot_unique"


def rows(count: int, *, prefix: str, users: int = 20) -> list[dict[str, str]]:
    return [
        {"user_id": f"u{i % users}", "target_user_id": f"{prefix}{i}", "nickname": f"n{i}"}
        for i in range(count)
    ]


@pytest.fixture
def matcher_calls(monkeypatch: pytest.MonkeyPatch) -> Callable[[], int]:
    """How many times the mock's document matcher has run (from the mock or from the facade)."""
    import service.core.data.database as database

    calls = [0]
    original: Callable[..., Any] = getattr(mongomock.collection, "filter_applies")  # noqa: B009

    def counted(*args: Any, **kwargs: Any) -> bool:
        calls[0] += 1
        return bool(original(*args, **kwargs))

    monkeypatch.setattr(mongomock.collection, "filter_applies", counted)
    monkeypatch.setattr(database, "filter_applies", counted, raising=False)
    monkeypatch.setattr(embedded, "filter_applies", counted)  # the facade's own narrowed scans
    return lambda: calls[0]


async def test_matcher_work_per_imported_row_does_not_grow_with_the_store(
    api: Api, app: FastAPI, store: Store, matcher_calls: Callable[[], int]
) -> None:
    set_import_settings(app, import_batch_size=100)
    spent = []
    for size in (100, 1000):
        await imported(api, rows(size, prefix=f"filler{size}_"))
        before = matcher_calls()
        report = await imported(api, rows(100, prefix=f"probe{size}_"))
        assert report["created"] == 100
        spent.append(matcher_calls() - before)
    # A handful of matcher runs per row, the same at 200 stored edges as at 1,200: before, each
    # upsert and each unique check ran the matcher over the whole collection. (At most one more
    # per user of the batch: the random count slot its change goes to exists more often.)
    assert spent[1] <= spent[0] + 10 + 20, spent
    assert spent[1] <= 5 * 100, spent


async def test_matcher_work_per_row_does_not_grow_with_the_users_count_slots(
    api: Api, app: FastAPI, matcher_calls: Callable[[], int]
) -> None:
    # Each batch adds to one random count slot of each of its users: after 40 batches each of
    # these 10 users has most of their 16 slots. The counters' bulk increment reads them by key
    # in Python; before, the mock's matcher ran an $in of every user over every slot, per batch.
    set_import_settings(app, import_batch_size=10)
    await imported(api, rows(400, prefix="filler", users=10))
    before = matcher_calls()
    report = await imported(api, rows(100, prefix="probe", users=10))
    assert report["created"] == 100
    # Per row: its edge's own check and its counter's update; nothing per stored slot.
    assert matcher_calls() - before <= 3 * 100, matcher_calls() - before


async def test_counter_increments_in_process_keep_the_mocks_answers(store: Store) -> None:
    counts = store.user_counts
    key = {"tenant_id": "t1", "user_id": "a", "slot": 3}
    await counts.increment_many([Upsert(key, {"$inc": {"friends": 2}})], index=SLOT)
    await counts.increment_many(
        [
            Upsert(key, {"$inc": {"friends": -1, "follows": 1}}),
            Upsert({**key, "slot": 4}, {"$inc": {"friends": 1.5}}),
            Upsert({**key, "user_id": "b"}, {"$inc": {"friends": 1}}),
        ],
        index=SLOT,
    )
    stored = await counts.find({"tenant_id": "t1"}, index="tenant_id_scan")
    assert sorted(
        (d["user_id"], d["slot"], d.get("friends"), d.get("follows")) for d in stored
    ) == [("a", 3, 1, 1), ("a", 4, 1.5, None), ("b", 3, 1, None)]
    # A slot stored as a float is the same key as the int (as in MongoDB): no second document.
    await counts.increment_many(
        [Upsert({**key, "slot": 3.0}, {"$inc": {"friends": 1}})], index=SLOT
    )
    assert len(await counts.find({"tenant_id": "t1", "user_id": "a"}, index=SLOT)) == 2


async def test_inserts_in_process_store_what_the_mock_stores(store: Store) -> None:
    from datetime import UTC, datetime

    from bson import ObjectId
    from bson.errors import InvalidDocument

    at = datetime(2026, 1, 2, 3, 4, 5, 678_901, tzinfo=UTC)
    document = {
        "tenant_id": "t1",
        "at": at,
        "involves": ["a", "b"],
        "details": {"when": at, "list": [{"at": at}], "n": 1},
    }
    events = store.events
    await events.insert_many([dict(document)])
    stored = (await events.find({"tenant_id": "t1"}, index=EventIndex.TENANT_TIME))[0]
    mock_raw = store.database["mock_reference"]
    await mock_raw.insert_one(dict(document))
    reference = await mock_raw.find_one({})
    assert {**stored, "_id": None} == {**reference, "_id": None}
    assert stored["at"].microsecond == 678_000  # MongoDB's precision, as the mock keeps it
    # The mock's checks still apply: a top-level "$" field, a value BSON cannot hold.
    with pytest.raises(InvalidDocument):
        await events.insert_many([{"tenant_id": "t1", "$bad": 1}])
    with pytest.raises(InvalidDocument):
        await events.insert_many([{"tenant_id": "t1", "kept": {1, 2}}])
    # A known _id is refused as the mock refuses it.
    known = ObjectId()
    await events.insert_many([{"tenant_id": "t1", "_id": known}])
    with pytest.raises(Exception, match=r"[Dd]uplicate"):
        await events.insert_many([{"tenant_id": "t1", "_id": known}])


def test_stored_documents_are_kept_out_of_full_collections() -> None:
    import gc

    frozen = gc.get_freeze_count()
    embedded.wrote(embedded.FREEZE_EVERY_DOCUMENTS)
    kept = [{"n": [n]} for n in range(1000)]  # tracked objects made after the freeze...
    assert gc.get_freeze_count() > frozen
    embedded.wrote(embedded.FREEZE_EVERY_DOCUMENTS)
    assert gc.get_freeze_count() >= frozen + len(kept)  # ... are frozen by the next one


async def test_bulk_upserts_keep_the_unique_key(store: Store) -> None:
    from bson import ObjectId

    edges = store.relationships
    key = {"tenant_id": "t1", "user_id": "a", "target_user_id": "b", "type": "contact"}
    first = Upsert({**key, "_id": ObjectId()}, {"$set": {"status": "active", "version": 1}})
    await edges.bulk_write([first], index="tenant_user_target_type_unique")
    # A second edge with the same key (a filter that misses the stored one) is refused...
    second = Upsert({**key, "_id": ObjectId()}, {"$set": {"status": "active", "version": 1}})
    with pytest.raises(DuplicateKeyError):
        await edges.bulk_write([second], index="tenant_user_target_type_unique")
    # ... as are two new ones with one key in one batch, while the others are written.
    other = {**key, "target_user_id": "c"}
    twins = [Upsert({**other, "_id": ObjectId()}, {"$set": {"version": 1}}) for _ in range(2)]
    fresh = Upsert({**key, "target_user_id": "d", "_id": ObjectId()}, {"$set": {"version": 1}})
    duplicates = await edges.upsert_many(
        [*twins, fresh, second], index="tenant_user_target_type_unique"
    )
    assert duplicates == [1, 3]
    # A query that matches the stored edge updates it.
    bumped = await edges.bulk_write(
        [Upsert({**key, "version": 1}, {"$set": {"version": 2}})],
        index="tenant_user_target_type_unique",
    )
    assert (bumped.matched, bumped.upserted) == (1, 0)
    stored = await edges.find({"tenant_id": "t1"}, index="tenant_id_scan")
    assert sorted((d["target_user_id"], d["version"]) for d in stored) == [
        ("b", 2),
        ("c", 1),
        ("d", 1),
    ]


matches: Callable[[Any, Any], bool] = getattr(mongomock.filtering, "filter_applies")  # noqa: B009
QUERIES: list[dict[str, Any]] = [
    {"tenant_id": "t1", "user_id": "a"},
    {"tenant_id": "t1", "user_id": "c"},
    {"tenant_id": "t2", "tags": "x"},
    {"tenant_id": "t1", "user_id": {"$in": ["a", "c"]}, "type": RelationshipType.CONTACT},
    {"tenant_id": "t1", "tags": "x"},  # an array field: equality means "contains"
    {"tenant_id": "t1", "status": None},
    {
        "tenant_id": "t1",
        "$or": [
            {"user_id": "a", "target_user_id": {"$in": ["b", "c"]}},
            {"target_user_id": "a", "user_id": {"$in": ["b", "c"]}},
        ],
    },
    {"tenant_id": "t1", "$or": [{"user_id": "a"}, {"type": "friend"}]},
    {"tenant_id": {"$in": ["t1", "t2"]}, "version": 1},
]


async def test_narrowed_scans_answer_what_the_mock_answers(store: Store) -> None:
    from bson import ObjectId

    documents: list[dict[str, Any]] = [
        {"_id": ObjectId(), "tenant_id": tenant, "user_id": u, "target_user_id": t, "type": kind}
        | extra
        for tenant in ("t1", "t2")
        for u, t in (("a", "b"), ("b", "a"), ("a", "c"), ("c", "a"), ("b", "c"))
        for kind, extra in (
            ("contact", {"version": 1}),
            ("friend", {"tags": ["x", "y"], "status": "accepted"}),
        )
    ]
    raw = store.relationships._mock  # the facade's own handle: the one given the index
    assert raw is not None
    await raw.insert_many([dict(d) for d in documents])

    async def answers_agree() -> None:
        stored = await store.database["user_relationships"].find({}).to_list(None)
        for query in QUERIES:
            found = await raw.find(query).to_list(None)
            expected = [d for d in stored if matches(query, d)]
            assert [d["_id"] for d in found] == [d["_id"] for d in expected], query

    await answers_agree()
    # In-place updates, replacements and deletes keep the index in step.
    await raw.update_many({"tenant_id": "t1", "user_id": "a"}, {"$set": {"user_id": "c"}})
    await raw.update_one({"tenant_id": "t2", "user_id": "b"}, {"$set": {"tags": ["x"]}})
    await raw.delete_many({"tenant_id": "t1", "type": "friend", "user_id": "b"})
    await answers_agree()
    one = documents[-1]["_id"]  # kept by the changes above
    assert [d["_id"] for d in await raw.find({"_id": one}).to_list(None)] == [one]
    assert await raw.find({"_id": one, "user_id": "nobody"}).to_list(None) == []


def test_embedded_imports_in_short_steps_unless_told() -> None:
    assert Settings().import_batch == EMBEDDED_IMPORT_BATCH_SIZE
    assert Settings(import_batch_size=1000).import_batch == 1000
    assert Settings(mongodb_uri="mongodb://db").import_batch == 1000


async def test_an_import_stops_at_the_next_batch_when_its_client_goes_away(
    api: Api, app: FastAPI, store: Store, running: ASGIApp
) -> None:
    set_import_settings(app, import_batch_size=10)
    body = "".join(json.dumps(row) + "\n" for row in rows(30, prefix="gone", users=1))
    received: list[Message] = [{"type": "http.request", "body": body.encode(), "more_body": False}]
    sent: list[Message] = []

    async def receive() -> Message:
        # The body once, then the client is gone (as uvicorn reports a closed connection).
        return received.pop(0) if received else {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    headers = [
        (b"authorization", f"Bearer {api.key}".encode()),
        (b"content-type", b"application/x-ndjson"),
        (b"content-length", str(len(body)).encode()),
        (b"host", b"test"),
    ]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/v1/import/contacts",
        "raw_path": b"/v1/import/contacts",
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 1234),
        "server": ("test", 80),
    }
    await running(scope, receive, send)
    # The first batch was written whole; nothing after it.
    assert len(await contacts_of(store, "u0")) == 10
