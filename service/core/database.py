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
``UpdateOne`` (bulk upserts are applied one by one in process).
"""

import logging
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar

from beanie import init_beanie
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
from models import (
    ALL_DOCUMENTS,
    RelationshipEvent,
    ResourceGrant,
    Tenant,
    UserRelationship,
    UserSettings,
)
from service.core.settings import Settings, TransactionMode

log = logging.getLogger(__name__)

T = TypeVar("T")
Document = dict[str, Any]
Filter = Mapping[str, Any]

DatabaseError = PyMongoError
DatabaseUnreachable = ConnectionFailure
__all__ = [
    "BulkResult",
    "DatabaseError",
    "DatabaseUnreachable",
    "DriverCall",
    "DuplicateKeyError",
    "OperationFailure",
    "StaleWrite",
    "Store",
    "TenantScopeViolation",
    "Upsert",
    "connect",
]


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


_ATTEMPTS = 3
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


def _retire_server_session(session: Any) -> None:
    """Keep the driver from reusing this session's server session id.

    The wire test server keeps a failed commit's conflict on the server session, and the
    driver pools and reuses server sessions, so every later transaction on it would fail too.
    MongoDB has no such state; retiring the id there only costs a fresh one.
    """
    server_session = getattr(getattr(session, "delegate", session), "_server_session", None)
    if server_session is not None:
        server_session.mark_dirty()


class Collection:
    def __init__(
        self, store: "Store", raw: Any, specs: Sequence[IndexSpec], *, tenant_scoped: bool
    ) -> None:
        self._store = store
        self._raw = raw
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

    async def update_one(
        self, query: Filter, update: Mapping[str, Any], *, index: str, upsert: bool = False
    ) -> bool:
        """Apply ``update``; True when a document matched or was inserted."""
        options = self._options("update", query, index, payload=update)
        _count(self.name)
        result = await self._raw.update_one(dict(query), dict(update), upsert=upsert, **options)
        return bool(result.matched_count or result.upserted_id is not None)

    async def bulk_write(self, upserts: Sequence[Upsert], *, index: str) -> BulkResult:
        """Apply every upsert in one unordered round trip (one failing stops no other).

        Each query is fit-checked against ``index`` and hinted with it. A duplicate key on any of
        them (a concurrent writer inserted the same key first) raises ``DuplicateKeyError``,
        which ``Store.transaction`` resolves by running the whole step again.
        """
        for upsert in upserts:
            self._options("update", upsert.query, index, payload=upsert.update)
        if not upserts:
            return BulkResult(matched=0, upserted=0)
        _count(self.name)
        if self._store.embedded:
            return await self._upsert_one_by_one(upserts)
        requests = [
            UpdateOne(dict(u.query), dict(u.update), upsert=True, hint=index) for u in upserts
        ]
        try:
            result = await self._raw.bulk_write(requests, ordered=False, session=_session.get())
        except BulkWriteError as error:
            errors = error.details.get("writeErrors", [])
            if errors and all(e.get("code") == _DUPLICATE_KEY for e in errors):
                raise DuplicateKeyError(errors[0].get("errmsg", ""), _DUPLICATE_KEY) from error
            raise
        return BulkResult(matched=result.matched_count, upserted=result.upserted_count)

    async def _upsert_one_by_one(self, upserts: Sequence[Upsert]) -> BulkResult:
        """The embedded backend's bulk write: in process, unordered, failing as MongoDB does."""
        matched = upserted = 0
        duplicate: DuplicateKeyError | None = None
        for upsert in upserts:
            try:
                result = await self._raw.update_one(
                    dict(upsert.query), dict(upsert.update), upsert=True
                )
            except DuplicateKeyError as error:
                duplicate = duplicate or error
                continue
            matched += result.matched_count
            upserted += result.upserted_id is not None
        if duplicate is not None:
            raise duplicate
        return BulkResult(matched=matched, upserted=upserted)

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
        if self._store.embedded and (spec.partial_filter or spec.expire_after_seconds):
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

        def collection(document: Any, *, tenant_scoped: bool = True) -> Collection:
            name = document.Settings.name
            return Collection(
                self, database[name], INDEXES_BY_COLLECTION[name], tenant_scoped=tenant_scoped
            )

        self.relationships = collection(UserRelationship)
        self.events = collection(RelationshipEvent)
        self.user_settings = collection(UserSettings)
        self.grants = collection(ResourceGrant)
        # Operator-level registry: the credential lookup cannot know the tenant yet.
        self.tenants = collection(Tenant, tenant_scoped=False)

    @property
    def collections(self) -> list[Collection]:
        return [self.relationships, self.events, self.grants, self.user_settings, self.tenants]

    async def transaction(self, work: Callable[[], Awaitable[T]]) -> T:
        """Run ``work`` atomically where transactions are on; again if it lost a race.

        ``work`` reads the state it acts on itself, so running it again after a concurrent
        writer won finds that writer's result and answers as for a repeated call.
        """
        for _ in range(_ATTEMPTS - 1):
            try:
                return await self._run_once(work)
            except (DuplicateKeyError, StaleWrite, OperationFailure) as error:
                if not _lost_race(error):
                    raise
                log.info("concurrent change detected; running the step again: %s", error)
        return await self._run_once(work)

    async def _run_once(self, work: Callable[[], Awaitable[T]]) -> T:
        if not self.transactions or _session.get() is not None:
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

    async def ping(self) -> None:
        if self.embedded:  # mongomock has no server commands; any read proves it answers
            await self.tenants.is_empty()
            return
        await self.client.admin.command("ping")

    def close(self) -> None:
        self.client.close()


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
            transactions = await _supports_transactions(client)
        else:
            transactions = settings.transactions is TransactionMode.ON
    database = client[settings.database_name]
    await init_beanie(database=database, document_models=ALL_DOCUMENTS)
    return Store(client, database, embedded=settings.embedded, transactions=transactions)
