"""The only module that calls the MongoDB driver.

Everything else asks a :class:`Collection` for documents by filter and *named index*. This module

* passes the index as ``hint`` on MongoDB, so a query can never fall back to a collection scan;
* refuses a query that does not fit the index it names (``indexes.check_fit``), which on
  tenant data includes any query, or ``$or`` branch, without ``tenant_id``;
* counts database round trips per API call (:func:`count_round_trips`);
* runs multi-document changes in one transaction where the deployment supports them.

Where the embedded backend (mongomock-motor) differs from MongoDB, the difference is handled here
and nowhere else: it rejects ``hint`` (dropped), has no sessions (no transactions), ignores
partial filters and TTL (reads never rely on either), and its ``bulk_write`` rejects PyMongo's
``UpdateOne`` (bulk upserts are applied in process). It has no indexes either: the block "The
embedded backend's in-process indexing" gives it one, so that no query or write costs a pass
over the whole collection.
"""

import asyncio
import functools
import inspect
import logging
import random
import time
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Iterator,
    Mapping,
    Sequence,
)
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Concatenate, ParamSpec, TypeVar, cast

from beanie import init_beanie
from bson import ObjectId
from mongomock.filtering import filter_applies as _mock_filter_applies
from mongomock.helpers import hashdict
from mongomock.helpers import patch_datetime_awareness_in_document as _mock_precision
from mongomock.store import CollectionStore
from motor.motor_asyncio import AsyncIOMotorClient
from pymongo import IndexModel, UpdateOne
from pymongo.errors import (
    BulkWriteError,
    ConnectionFailure,
    DuplicateKeyError,
    OperationFailure,
    PyMongoError,
)

from indexes import INDEXES_BY_COLLECTION, IndexSpec, check_fit
from indexes.spec import TENANT_FIELD, IndexMisuse
from indexes.sync import missing_indexes, sync_indexes
from models import (
    ALL_DOCUMENTS,
    PairGuard,
    RelationshipEvent,
    ResourceGrant,
    Tenant,
    UserRelationship,
    UserSettings,
)
from service.core.errors import Conflict, IndexesMissing
from service.core.settings import Settings, TransactionMode

log = logging.getLogger(__name__)

T = TypeVar("T")
Document = dict[str, Any]
Filter = Mapping[str, Any]

DatabaseError = PyMongoError
DatabaseUnreachable = ConnectionFailure
__all__ = [
    "TRANSACTIONS_OFF",
    "BulkResult",
    "DatabaseError",
    "DatabaseUnreachable",
    "DriverCall",
    "DuplicateKeyError",
    "GuardMode",
    "OperationFailure",
    "StaleWrite",
    "StandaloneRefused",
    "Store",
    "TenantScopeViolation",
    "Upsert",
    "connect",
]


class GuardMode(StrEnum):
    """How steps on one pair of users are kept from interleaving."""

    TRANSACTION = "transaction"  # a guard document written first in each step's transaction
    LEASE = "lease"  # no transactions: a short lease on the guard, held for the step
    NONE = "none"  # the embedded backend: its calls never yield, so steps never interleave


class StandaloneRefused(RuntimeError):
    """MongoDB without transactions, and the operator did not accept the risk."""


class StaleWrite(Exception):
    """A guarded update found the document changed since it was read (a concurrent writer)."""


class TenantScopeViolation(AssertionError):
    """A programming error: a read or write that is not confined to exactly one tenant."""


@dataclass(frozen=True)
class DriverCall:
    """One call about to reach the driver, as observers see it."""

    operation: str  # find, find_one, insert, update, delete
    collection: str
    index: str | None  # None for inserts
    query: Filter | None
    payload: Any  # the inserted document, or the update


@dataclass(frozen=True)
class Upsert:
    """One operation of :meth:`Collection.bulk_write`: update the document ``query`` matches, or
    insert one made of the query's equalities and ``update`` when none does."""

    query: Filter
    update: Mapping[str, Any]


@dataclass(frozen=True)
class BulkResult:
    matched: int
    upserted: int


# A step that lost a race runs again after a short random pause; ten racing steps on one pair
# need up to ten runs for the last of them.
_ATTEMPTS = 10
_FIRST_PAUSE_SECONDS = 0.005
_LONGEST_PAUSE_SECONDS = 0.2
_STREAM_BATCH = 500
_WRITE_CONFLICT = 112
_DUPLICATE_KEY = 11000


def _lost_race(error: Exception) -> bool:
    """A race that running the whole read-decide-write step again resolves.

    Outside transactions: a duplicate key or a guarded update that matched nothing. Inside:
    MongoDB's WriteConflict, which ``with_transaction`` retries itself while it carries the
    TransientTransactionError label; the wire test server reports a conflict found at commit
    without code or label, so it is recognised by its message here and nowhere else.
    """
    if isinstance(error, DuplicateKeyError | StaleWrite):
        return True
    if isinstance(error, OperationFailure):
        return (
            error.code == _WRITE_CONFLICT
            or error.has_error_label("TransientTransactionError")
            or str(error).startswith("Write conflict")
        )
    return False


_INDEX_CONFLICT_CODES = {85, 86}  # IndexOptionsConflict, IndexKeySpecsConflict


@dataclass
class RoundTrips:
    by_collection: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0  # time spent awaiting the driver (see _Timed)

    @property
    def total(self) -> int:
        return sum(self.by_collection.values())

    def add(self, collection: str) -> None:
        self.by_collection[collection] = self.by_collection.get(collection, 0) + 1


_round_trips: ContextVar[RoundTrips | None] = ContextVar("round_trips", default=None)
_session: ContextVar[Any] = ContextVar("session", default=None)


@contextmanager
def count_round_trips() -> Iterator[RoundTrips]:
    counter = RoundTrips()
    token = _round_trips.set(counter)
    try:
        yield counter
    finally:
        _round_trips.reset(token)


def _count(collection: str) -> None:
    counter = _round_trips.get()
    if counter is not None:
        counter.add(collection)


class _Timed:
    """A driver collection (or cursor) whose awaited calls add their time to the counter.

    It wraps the object instead of each call site, so the timing sits beside the counting
    without touching the queries; what it does not time passes through unchanged.
    """

    _CURSOR_RETURNING = frozenset({"find", "sort", "limit"})

    def __init__(self, target: Any) -> None:
        self._target = target

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._target, name)
        if not callable(attribute):
            return attribute

        def call(*args: Any, **kwargs: Any) -> Any:
            result = attribute(*args, **kwargs)
            if name in self._CURSOR_RETURNING:
                return _Timed(result)
            # Motor answers with futures, mongomock-motor with coroutines: time either.
            return _timed(result) if inspect.isawaitable(result) else result

        return call

    async def __aiter__(self) -> AsyncIterator[Any]:
        """A cursor iterated batch by batch: each fetch is timed like any awaited call."""
        iterator = self._target.__aiter__()
        while True:
            try:
                item = await _timed(iterator.__anext__())
            except StopAsyncIteration:
                return
            yield item


async def _timed(awaitable: Awaitable[T]) -> T:
    started = time.perf_counter()
    try:
        return await awaitable
    finally:
        counter = _round_trips.get()
        if counter is not None:
            counter.seconds += time.perf_counter() - started


def _retire_server_session(session: Any) -> None:
    """Keep the driver from reusing this session's server session id.

    The wire test server keeps a failed commit's conflict on the server session, and the
    driver pools and reuses server sessions, so every later transaction on it would fail too.
    MongoDB has no such state; retiring the id there only costs a fresh one.
    """
    server_session = getattr(getattr(session, "delegate", session), "_server_session", None)
    if server_session is not None:
        server_session.mark_dirty()


P = ParamSpec("P")


def _missing_index(error: OperationFailure) -> bool:
    """The server refused a hint naming an index it does not have (dropped, or a new database)."""
    message = str(error).lower()
    return "hint" in message and "index" in message


def _index_guarded(
    method: Callable[Concatenate["Collection", P], Awaitable[T]],
) -> Callable[Concatenate["Collection", P], Awaitable[T]]:
    """A missing declared index is re-created in the background and answered 503, not 500."""

    @functools.wraps(method)
    async def run(self: "Collection", /, *args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return await method(self, *args, **kwargs)
        except OperationFailure as error:
            if not _missing_index(error):
                raise
            self._store.resync_indexes_soon()
            raise IndexesMissing(
                f"{self.name}: a declared index is missing; it is being re-created."
            ) from error

    return run


# --- The embedded backend's in-process indexing -------------------------------------------------
# mongomock evaluates every filter against every stored document with its generic matcher, and
# checks each unique index by running such a scan on every insert: a batch of n writes into a
# store of N documents costs n*N matcher calls. What follows keeps the mock's semantics (its
# matcher has the last word on every document) but narrows what it is asked about: plain
# equalities and ``$in`` lists on top-level fields are checked first with set lookups, ``_id``
# equality reads the one document, and a bulk upsert reads the documents its unique key can reach
# once, then checks uniqueness itself (the embedded backend never interleaves two steps, so the
# batch's own check is complete). Everything here is specific to mongomock and sits in this block.

_PlainKey = str | ObjectId
_PLAIN = (str, ObjectId)
# The mock's own matcher: whether a document matches a filter, with every MongoDB rule it knows.
filter_applies = cast(Callable[[Filter, Document], bool], _mock_filter_applies)
# How the mock stores a document's datetimes (naive UTC, milliseconds), as MongoDB does.
patch_datetime_awareness_in_document = cast(Callable[[Document], Document], _mock_precision)


def _plain(value: Any) -> _PlainKey | None:
    """``value`` as a set key when equality on it is plain identity, else None.

    Strings (a str enum hashes and compares as its value) and ObjectIds; never bools or numbers,
    whose equality rules in MongoDB differ from Python's.
    """
    return value if isinstance(value, _PLAIN) else None


@dataclass(frozen=True)
class _Prefilter:
    """A necessary condition of a filter, cheap to test: the plain values each field may hold.

    A top-level ``$or`` contributes the fields every branch constrains (with the union of the
    branches' values): one set lookup per field, however many branches there are.
    """

    fields: tuple[tuple[str, frozenset[_PlainKey]], ...]

    @classmethod
    def of(cls, query: Filter) -> "_Prefilter":
        fields: list[tuple[str, frozenset[_PlainKey]]] = []
        for name, condition in query.items():
            if name == "$or" and isinstance(condition, list) and condition:
                fields += cls._any_of([cls.of(branch) for branch in condition])
            elif not name.startswith("$") and "." not in name:
                values = _allowed(condition)
                if values is not None:
                    fields.append((name, values))
        return cls(tuple(fields))

    @staticmethod
    def _any_of(branches: list["_Prefilter"]) -> list[tuple[str, frozenset[_PlainKey]]]:
        allowed: dict[str, set[_PlainKey]] = {}
        for branch in branches:
            for name, values in branch.fields:
                allowed.setdefault(name, set()).update(values)
        everywhere = set.intersection(*({name for name, _ in b.fields} for b in branches))
        return [(name, frozenset(allowed[name])) for name in sorted(everywhere)]


def _allowed(condition: Any) -> frozenset[_PlainKey] | None:
    single = _plain(condition)
    if single is not None:
        return frozenset((single,))
    if isinstance(condition, Mapping) and set(condition) == {"$in"}:
        keys = [_plain(value) for value in condition["$in"]]
        if all(key is not None for key in keys):
            return frozenset(key for key in keys if key is not None)
    return None


def _mock_collection(raw: Any) -> Any:
    """The synchronous mongomock collection behind a mongomock-motor one."""
    return raw._AsyncMongoMockCollection__collection


class _FieldIndex:
    """Every top-level plain value (and each plain element of a top-level array) of one mock
    collection's documents, mapped to their ``_id``s; and each ``_id``'s insertion order.

    Kept in step by :class:`_IndexedStore` (inserts, replacements, deletes) and by the patched
    unique check, which the mock calls after every in-place update. Writes that reach the store
    through another handle than the facade's collection would leave it behind: there are none.
    """

    def __init__(self) -> None:
        self.by_field: dict[str, dict[_PlainKey, set[Any]]] = {}
        self._entries: dict[Any, set[tuple[str, _PlainKey]]] = {}
        self.order: dict[Any, int] = {}
        self._next = 0

    def add(self, identity: Any, document: Mapping[str, Any]) -> None:
        self.remove(identity, keep_order=True)
        entries = set()
        for name, value in document.items():
            values = value if isinstance(value, list) else (value,)
            for element in values:
                if isinstance(element, _PLAIN):
                    self.by_field.setdefault(name, {}).setdefault(element, set()).add(identity)
                    entries.add((name, element))
        self._entries[identity] = entries
        if identity not in self.order:
            self.order[identity] = self._next
            self._next += 1

    def remove(self, identity: Any, *, keep_order: bool = False) -> None:
        for name, key in self._entries.pop(identity, ()):
            bucket = self.by_field[name][key]
            bucket.discard(identity)
            if not bucket:
                del self.by_field[name][key]
        if not keep_order:
            self.order.pop(identity, None)

    def candidates(self, fields: Sequence[tuple[str, frozenset[_PlainKey]]]) -> list[Any]:
        """The ``_id``s of the documents the most selective field allows, in insertion order."""
        smallest: list[set[Any]] | None = None
        for name, values in fields:
            buckets = self.by_field.get(name, {})
            found = [bucket for value in values if (bucket := buckets.get(value))]
            if smallest is None or sum(map(len, found)) < sum(map(len, smallest)):
                smallest = found
        identities: set[Any] = set().union(*smallest) if smallest else set()
        return sorted(identities, key=self.order.__getitem__)


class _IndexedStore(CollectionStore):
    """The mock's store of one collection, keeping a :class:`_FieldIndex` in step."""

    field_index: _FieldIndex

    def __setitem__(self, key: Any, value: Document) -> None:
        super().__setitem__(key, value)  # type: ignore[no-untyped-call]
        self.field_index.add(key, value)

    def __delitem__(self, key: Any) -> None:
        super().__delitem__(key)  # type: ignore[no-untyped-call]
        self.field_index.remove(key)

    def drop(self) -> None:
        super().drop()  # type: ignore[no-untyped-call]
        self.field_index = _FieldIndex()


def _index_the_mock(raw: Any) -> None:
    """Make the mock's document scan (under every find, count, update, delete and unique check)
    read only the documents an index of the filter's plain equalities allows."""
    mock = _mock_collection(raw)
    if getattr(mock, "_indexed_in_process", False):
        return
    scan = mock._iter_documents
    check_uniques = mock._ensure_uniques
    store = mock._store
    if not isinstance(store, _IndexedStore):
        store.__class__ = _IndexedStore
        store.field_index = _FieldIndex()
        for identity, document in dict.items(store._documents):
            store.field_index.add(identity, document)

    def iter_documents(query: Filter) -> Iterator[Document]:
        identity = _plain(query.get("_id"))
        if identity is not None:
            store = mock._store
            found = [store[identity]] if identity in store else []
            return (document for document in found if filter_applies(query, document))
        prefilter = _Prefilter.of(query)
        if not prefilter.fields or mock._store.is_empty:
            return scan(query)  # type: ignore[no-any-return]
        stored = mock._store
        documents = [stored._documents[i] for i in stored.field_index.candidates(prefilter.fields)]
        return (document for d in documents if filter_applies(query, document := d))

    def ensure_uniques(document: Document) -> None:
        # The mock calls this after every insert and every in-place update: the index follows.
        identity = document["_id"]
        key = hashdict(identity) if isinstance(identity, dict) else identity  # as the mock keys it
        mock._store.field_index.add(key, document)
        if not mock._uniques_checked_by_batch:
            check_uniques(document)

    mock._iter_documents = iter_documents
    mock._ensure_uniques = ensure_uniques
    mock._uniques_checked_by_batch = False
    mock._indexed_in_process = True


def _unique_key(document: Mapping[str, Any], fields: Sequence[str]) -> tuple[Any, ...] | None:
    key = tuple(_plain(document.get(name)) for name in fields)
    return None if any(part is None for part in key) else key


def _upsert_in_process(
    raw: Any, upserts: Sequence[tuple[Document, Document]], spec: IndexSpec
) -> tuple[BulkResult, list[int]] | None:
    """The bulk upsert of ``upserts`` on the unique index ``spec``, in one read of the documents
    their keys can reach; None when the batch is not of that shape (then apply one by one).

    Uniqueness is checked here for the whole batch (a key held by a document the query does not
    match is a duplicate, as MongoDB answers), so the mock's per-insert scan is switched off for
    the duration (None when the collection has another unique index).
    """
    mock = _mock_collection(raw)
    fields = [name for name, _ in spec.keys]
    unique_indexes = [i for i in mock._store.indexes.values() if i.get("unique")]
    if not spec.unique or len(unique_indexes) != 1:
        return None
    keys = [_unique_key(query, fields) for query, _ in upserts]
    if any(
        key is None or not _keeps_key(u, fields, key)
        for key, (_, u) in zip(keys, upserts, strict=True)
    ):
        return None
    reach = {
        name: {"$in": sorted({key[n] for key in keys if key})} for n, name in enumerate(fields)
    }
    holders: dict[tuple[Any, ...], list[Document]] = {}
    for document in mock._iter_documents(reach):
        stored_key = _unique_key(document, fields)
        if stored_key is not None:
            holders.setdefault(stored_key, []).append(document)
    matched = upserted = 0
    duplicates: list[int] = []
    mock._uniques_checked_by_batch = True
    try:
        for position, ((query, update), key) in enumerate(zip(upserts, keys, strict=True)):
            found = holders.get(key, []) if key is not None else []
            match = next((d for d in found if filter_applies(query, d)), None)
            if match is not None:
                mock.update_one({"_id": match["_id"]}, update)
                matched += 1
            elif found:
                duplicates.append(position)
            else:
                holders[key] = [_insert_upserted(mock, query, update)]  # type: ignore[index]
                upserted += 1
    finally:
        mock._uniques_checked_by_batch = False
    return BulkResult(matched=matched, upserted=upserted), duplicates


def _insert_upserted(mock: Any, query: Filter, update: Mapping[str, Any]) -> Document:
    """Insert what an upsert that matched nothing inserts; uniqueness was checked by the batch.

    An update of plain ``$set`` fields over a query of plain equalities is stored directly, as
    the mock would store it (datetimes in MongoDB's precision), without its update machinery.
    """
    identity = query.get("_id") or ObjectId()
    fields = update.get("$set", {})
    plain = set(update) <= {"$set"} and all(
        not name.startswith("$") and "." not in name and not isinstance(value, Mapping)
        for name, value in [*query.items(), *((n, None) for n in fields)]
    )
    if not plain or identity in mock._store:
        mock.update_one({**query, "_id": identity}, update, upsert=True)
    else:
        document = {**query, **fields, "_id": identity}
        mock._store[identity] = patch_datetime_awareness_in_document(document)
    stored: Document = mock._store[identity]
    return stored


def _keeps_key(update: Mapping[str, Any], fields: Sequence[str], key: tuple[Any, ...]) -> bool:
    """The update leaves the unique key's fields as the query gives them."""
    for operator, body in update.items():
        for n, name in enumerate(fields):
            if name not in body:
                continue
            if operator not in ("$set", "$setOnInsert") or _plain(body[name]) != key[n]:
                return False
    return True


class Collection:
    def __init__(
        self, store: "Store", raw: Any, specs: Sequence[IndexSpec], *, tenant_scoped: bool
    ) -> None:
        self._store = store
        self._raw = _Timed(raw)
        self._mock = raw if store.embedded else None
        if store.embedded:
            _index_the_mock(raw)
        self.name: str = raw.name
        self._specs = {spec.name: spec for spec in specs}
        self._tenant_scoped = tenant_scoped

    def _observe(
        self, operation: str, *, index: str | None, query: Filter | None, payload: Any = None
    ) -> None:
        call = DriverCall(operation, self.name, index, query, payload)
        for observer in self._store.observers:
            observer(call)

    def _options(
        self,
        operation: str,
        query: Filter,
        index: str,
        sort: Sequence[tuple[str, int]] = (),
        payload: Any = None,
    ) -> dict[str, Any]:
        spec = self._specs.get(index)
        if spec is None:
            raise IndexMisuse(f"{self.name}: index {index!r} is not declared")
        # On tenant data this also refuses any query (or $or branch) without one tenant_id.
        check_fit(spec, query, sort, tenant_scoped=self._tenant_scoped)
        self._observe(operation, index=index, query=query, payload=payload)
        options: dict[str, Any] = {"session": _session.get()}
        if not self._store.embedded:
            options["hint"] = index
        return options

    @_index_guarded
    async def find(
        self,
        query: Filter,
        *,
        index: str,
        sort: Sequence[tuple[str, int]] = (),
        limit: int = 0,
    ) -> list[Document]:
        options = self._options("find", query, index, sort)
        cursor = self._raw.find(dict(query), **options)
        if sort:
            cursor = cursor.sort(list(sort))
        if limit:
            cursor = cursor.limit(limit)
        _count(self.name)
        documents: list[Document] = await cursor.to_list(length=None)
        return documents

    async def stream(
        self, query: Filter, *, index: str, sort: Sequence[tuple[str, int]] = ()
    ) -> AsyncIterator[Document]:
        """Every match, fetched in batches: memory stays flat however many there are."""
        options = self._options("find", query, index, sort)
        cursor = self._raw.find(dict(query), batch_size=_STREAM_BATCH, **options)
        if sort:
            cursor = cursor.sort(list(sort))
        _count(self.name)
        async for document in cursor:
            yield document

    @_index_guarded
    async def count(self, query: Filter, *, index: str) -> int:
        options = self._options("count", query, index)
        _count(self.name)
        return int(await self._raw.count_documents(dict(query), **options))

    @_index_guarded
    async def find_one(self, query: Filter, *, index: str) -> Document | None:
        options = self._options("find_one", query, index)
        _count(self.name)
        document: Document | None = await self._raw.find_one(dict(query), **options)
        return document

    def _check_inserted(self, document: Document) -> None:
        if self._tenant_scoped and not isinstance(document.get(TENANT_FIELD), str):
            raise TenantScopeViolation(f"{self.name}: an inserted document names no tenant")
        self._observe("insert", index=None, query=None, payload=document)

    async def insert_one(self, document: Document) -> None:
        self._check_inserted(document)
        _count(self.name)
        await self._raw.insert_one(document, session=_session.get())

    async def insert_many(self, documents: Sequence[Document]) -> None:
        """Insert all of ``documents`` in one round trip (unordered: one failure stops no other)."""
        for document in documents:
            self._check_inserted(document)
        if documents:
            _count(self.name)
            await self._raw.insert_many(list(documents), ordered=False, session=_session.get())

    @_index_guarded
    async def update_one(
        self, query: Filter, update: Mapping[str, Any], *, index: str, upsert: bool = False
    ) -> bool:
        """Apply ``update``; True when a document matched or was inserted."""
        options = self._options("update", query, index, payload=update)
        _count(self.name)
        result = await self._raw.update_one(dict(query), dict(update), upsert=upsert, **options)
        return bool(result.matched_count or result.upserted_id is not None)

    @_index_guarded
    async def update_many(self, query: Filter, update: Mapping[str, Any], *, index: str) -> int:
        """Apply ``update`` to every match; returns how many matched."""
        options = self._options("update", query, index, payload=update)
        _count(self.name)
        result = await self._raw.update_many(dict(query), dict(update), **options)
        return int(result.matched_count)

    async def bulk_write(self, upserts: Sequence[Upsert], *, index: str) -> BulkResult:
        """Apply every upsert in one unordered round trip (one failing stops no other).

        A duplicate key on any of them (a concurrent writer inserted the same key first) raises
        ``DuplicateKeyError``, which ``Store.transaction`` resolves by running the step again.
        """
        result, duplicates = await self._upserts(upserts, index=index)
        if duplicates:
            raise DuplicateKeyError(f"{self.name}: {len(duplicates)} duplicate key(s)", 11000)
        return result

    async def upsert_many(self, upserts: Sequence[Upsert], *, index: str) -> list[int]:
        """Like :meth:`bulk_write`, but answer the positions that met a duplicate key (a
        concurrent writer, or a filter that missed a document that exists) instead of raising."""
        _, duplicates = await self._upserts(upserts, index=index)
        return duplicates

    @_index_guarded
    async def _upserts(
        self, upserts: Sequence[Upsert], *, index: str
    ) -> tuple[BulkResult, list[int]]:
        """Each query fit-checked against ``index`` and hinted with it, all in one round trip."""
        for upsert in upserts:
            self._options("update", upsert.query, index, payload=upsert.update)
        if not upserts:
            return BulkResult(matched=0, upserted=0), []
        _count(self.name)
        if self._mock is not None:
            pairs = [(dict(u.query), dict(u.update)) for u in upserts]
            done = _upsert_in_process(self._mock, pairs, self._specs[index])
            return done if done is not None else await self._upsert_one_by_one(upserts)
        requests = [
            UpdateOne(dict(u.query), dict(u.update), upsert=True, hint=index) for u in upserts
        ]
        try:
            result = await self._raw.bulk_write(requests, ordered=False, session=_session.get())
        except BulkWriteError as error:
            errors = error.details.get("writeErrors", [])
            if not errors or any(e.get("code") != _DUPLICATE_KEY for e in errors):
                raise
            counts = BulkResult(
                matched=int(error.details.get("nMatched", 0)),
                upserted=len(error.details.get("upserted", [])),
            )
            return counts, sorted(int(e["index"]) for e in errors)
        return BulkResult(matched=result.matched_count, upserted=result.upserted_count), []

    async def _upsert_one_by_one(self, upserts: Sequence[Upsert]) -> tuple[BulkResult, list[int]]:
        """The embedded backend's bulk write (mongomock's cannot take PyMongo 4.20's UpdateOne):
        in process, unordered, failing as MongoDB does."""
        matched = upserted = 0
        duplicates: list[int] = []
        for position, upsert in enumerate(upserts):
            try:
                result = await self._raw.update_one(
                    dict(upsert.query), dict(upsert.update), upsert=True
                )
            except DuplicateKeyError:
                duplicates.append(position)
                continue
            matched += result.matched_count
            upserted += result.upserted_id is not None
        return BulkResult(matched=matched, upserted=upserted), duplicates

    async def put_versioned(
        self, key: Filter, document: Document, *, previous_version: int | None, index: str
    ) -> None:
        """Insert ``document``, or overwrite the one at ``key`` if it is still at
        ``previous_version``; a concurrent writer surfaces as a duplicate key or ``StaleWrite``,
        which ``Store.transaction`` resolves by running the whole step again."""
        if previous_version is None:
            await self.insert_one(document)
            return
        fields = {name: value for name, value in document.items() if name != "_id"}
        query = {**key, "version": previous_version}
        if not await self.update_one(query, {"$set": fields}, index=index):
            raise StaleWrite(f"{self.name}: {dict(key)} changed since it was read")

    @_index_guarded
    async def delete_many(self, query: Filter, *, index: str) -> int:
        options = self._options("delete", query, index)
        _count(self.name)
        result = await self._raw.delete_many(dict(query), **options)
        return int(result.deleted_count)

    async def ensure_index(self, spec: IndexSpec) -> str:
        """Create ``spec`` idempotently; replace a same-named index whose definition changed."""
        options: dict[str, Any] = {"name": spec.name, "unique": spec.unique}
        if spec.partial_filter:
            options["partialFilterExpression"] = dict(spec.partial_filter)
        if spec.expire_after_seconds is not None:
            options["expireAfterSeconds"] = spec.expire_after_seconds
        if self._store.embedded and (spec.partial_filter or spec.expire_after_seconds is not None):
            # mongomock ignores partial filters, so a partial unique index would be enforced on
            # every document: the embedded backend gets the keys alone, not unique (the rules
            # check what such an index guards; MongoDB also enforces it under races), no TTL.
            options = {"name": spec.name}
        model = IndexModel(list(spec.keys), **options)
        try:
            await self._raw.create_indexes([model])
        except OperationFailure as error:
            if error.code not in _INDEX_CONFLICT_CODES:
                raise
            await self._raw.drop_index(spec.name)
            await self._raw.create_indexes([model])
            return "replaced"
        return "ensured"

    async def is_empty(self) -> bool:
        _count(self.name)
        return int(await self._raw.estimated_document_count()) == 0

    async def index_names(self) -> set[str]:
        information: dict[str, Any] = await self._raw.index_information()
        return set(information)


class Store:
    def __init__(self, client: Any, database: Any, *, embedded: bool, transactions: bool) -> None:
        self.client = client
        self.database = database
        self.embedded = embedded
        self.transactions = transactions
        # Each sees every call made to the driver; tests use them to see index use and scoping.
        self.observers: list[Callable[[DriverCall], None]] = []
        self._resync: asyncio.Task[None] | None = None

        def collection(document: Any, *, tenant_scoped: bool = True) -> Collection:
            name = document.Settings.name
            return Collection(
                self, database[name], INDEXES_BY_COLLECTION[name], tenant_scoped=tenant_scoped
            )

        self.relationships = collection(UserRelationship)
        self.events = collection(RelationshipEvent)
        self.user_settings = collection(UserSettings)
        self.grants = collection(ResourceGrant)
        self.pair_guards = collection(PairGuard)
        # Operator-level registry: the credential lookup cannot know the tenant yet.
        self.tenants = collection(Tenant, tenant_scoped=False)

    @property
    def collections(self) -> list[Collection]:
        return [
            self.relationships,
            self.events,
            self.grants,
            self.user_settings,
            self.pair_guards,
            self.tenants,
        ]

    @property
    def guard_mode(self) -> GuardMode:
        if self.embedded:
            return GuardMode.NONE
        return GuardMode.TRANSACTION if self.transactions else GuardMode.LEASE

    async def transaction(self, work: Callable[[], Awaitable[T]]) -> T:
        """Run ``work`` atomically where transactions are on; again if it lost a race.

        ``work`` reads the state it acts on itself, so running it again after a concurrent
        writer won finds that writer's result and answers as for a repeated call. A step that
        keeps losing ends in :class:`Conflict` (409, retry later), never in a server error.
        """
        if _session.get() is not None:  # inside a running transaction: the outer one retries
            return await work()
        for attempt in range(_ATTEMPTS):
            try:
                return await self._run_once(work)
            except (DuplicateKeyError, StaleWrite, OperationFailure) as error:
                if not _lost_race(error):
                    raise
                log.info("concurrent change detected; running the step again: %s", error)
                if attempt == _ATTEMPTS - 1:
                    raise Conflict("Concurrent requests changed this; retry.") from error
                pause = min(_LONGEST_PAUSE_SECONDS, _FIRST_PAUSE_SECONDS * 2**attempt)
                await asyncio.sleep(random.uniform(0, pause))
        raise AssertionError("unreachable")  # pragma: no cover

    async def _run_once(self, work: Callable[[], Awaitable[T]]) -> T:
        if not self.transactions:
            return await work()
        async with await self.client.start_session() as session:

            async def callback(active_session: Any) -> T:
                token = _session.set(active_session)
                try:
                    return await work()
                finally:
                    _session.reset(token)

            try:
                result: T = await session.with_transaction(callback)
            except OperationFailure as error:
                if _lost_race(error):
                    _retire_server_session(session)
                raise
            _count("commitTransaction")
            return result

    def resync_indexes_soon(self) -> None:
        """Re-create missing declared indexes in the background (once at a time)."""
        if self._resync is None or self._resync.done():
            self._resync = asyncio.get_running_loop().create_task(self._resync_indexes())

    async def _resync_indexes(self) -> None:
        try:
            report = await sync_indexes(self.collections)
        except PyMongoError:
            log.exception("re-creating the declared indexes failed")
            return
        log.warning("declared indexes were missing; synced: %d", len(report))

    async def missing_indexes(self) -> list[str]:
        return await missing_indexes(self.collections)

    async def ping(self) -> None:
        if self.embedded:  # mongomock has no server commands; any read proves it answers
            await self.tenants.is_empty()
            return
        await self.client.admin.command("ping")

    def close(self) -> None:
        self.client.close()


TRANSACTIONS_OFF = (
    "RELATIONSHIPS_TRANSACTIONS=off: steps are serialised by leases, but a crash between two "
    "writes of one step can leave it half-done (`relationships check --repair` mends it)."
)
STANDALONE_REFUSED = """\
This MongoDB server is standalone, so it has no transactions: a step that writes several
documents could be left half-done by a crash, and racing requests could only be kept apart by
leases. Run MongoDB as a single-node replica set instead (as docker-compose.yml does):
    mongod --replSet rs0   then, once:   mongosh --eval 'rs.initiate()'
and connect with ...?replicaSet=rs0 (or ?directConnection=true). To run on this server anyway,
accepting that risk, set RELATIONSHIPS_TRANSACTIONS=off."""


async def _supports_transactions(client: Any) -> bool:
    hello: dict[str, Any] = await client.admin.command("hello")
    return "setName" in hello or hello.get("msg") == "isdbgrid"


async def connect(settings: Settings) -> Store:
    """Open the configured backend and bind the Beanie documents to it."""
    if settings.embedded:
        if settings.transactions is TransactionMode.ON:
            raise ValueError("RELATIONSHIPS_TRANSACTIONS=on needs MongoDB (set MONGODB_URI)")
        from mongomock_motor import AsyncMongoMockClient

        client: Any = AsyncMongoMockClient(tz_aware=True)
        transactions = False
    else:
        client = AsyncIOMotorClient(settings.mongodb_uri, tz_aware=True)
        if settings.transactions is TransactionMode.AUTO:
            if not await _supports_transactions(client):
                client.close()
                raise StandaloneRefused(STANDALONE_REFUSED)
            transactions = True
        else:
            transactions = settings.transactions is TransactionMode.ON
    database = client[settings.database_name]
    await init_beanie(database=database, document_models=ALL_DOCUMENTS)
    return Store(client, database, embedded=settings.embedded, transactions=transactions)
