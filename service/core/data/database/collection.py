"""The collection facade: documents by filter and *named index*, never a collection scan.

It passes the index as ``hint`` on MongoDB, so a query can never fall back to a collection scan;
refuses a query that does not fit the index it names (``indexes.check_fit``), which on tenant
data includes any query, or ``$or`` branch, without ``tenant_id``; counts every round trip; runs
each call in the step's transaction, if any; and refuses a write past the step's deadline.
"""

import functools
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

import pymongo
from pymongo import IndexModel, UpdateOne

from indexes import IndexSpec, check_fit
from indexes.spec import TENANT_FIELD, IndexMisuse
from service.core.data.database import embedded
from service.core.data.database.embedded import BulkResult
from service.core.data.database.errors import (
    DUPLICATE_KEY,
    INDEX_CONFLICT_CODES,
    OUT_OF_TIME,
    BulkWriteError,
    DuplicateKeyError,
    OperationFailure,
    StaleWrite,
    TenantScopeViolation,
)
from service.core.data.database.timing import StepTime, Timed, count, unbounded
from service.core.data.database.transactions import before_write, current_session, time_left
from service.core.errors import Conflict, IndexesMissing

if TYPE_CHECKING:
    from service.core.data.database.store import Store

T = TypeVar("T")
P = ParamSpec("P")
Document = dict[str, Any]
Filter = Mapping[str, Any]

_STREAM_BATCH = 500
_INCREMENT_ATTEMPTS = 10  # an increment that met a racing creation is sent again this often


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


def _step_time() -> StepTime | None:
    """The running step's time left, for one driver call."""
    left = time_left()
    if left is None:
        return None
    if left <= 0:
        raise Conflict(OUT_OF_TIME)
    return StepTime(left, pymongo.timeout(left))


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


class Collection:
    def __init__(
        self, store: "Store", raw: Any, specs: Sequence[IndexSpec], *, tenant_scoped: bool
    ) -> None:
        self._store = store
        # mongomock ignores the driver's timeouts (and the embedded backend never waits).
        self._raw = Timed(raw, store.outage, unbounded if store.embedded else _step_time)
        self._mock = raw if store.embedded else None
        if store.embedded:
            embedded.index_the_mock(raw, embedded.indexed_fields(specs))
        self.name: str = raw.name
        self._specs = {spec.name: spec for spec in specs}
        self._tenant_scoped = tenant_scoped

    def _wrote(self, documents: int = 1) -> None:
        if self._tenant_scoped:
            self._store.wrote()
        if self._mock is not None:
            embedded.wrote(documents)

    def _before_write(self) -> None:
        # The embedded backend's calls never yield, so a step runs whole once started and
        # nothing interleaves with it: only its start is bounded (by the step runner).
        if not self._store.embedded:
            before_write()

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
        options: dict[str, Any] = {"session": current_session()}
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
        count(self.name)
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
        count(self.name)
        async for document in cursor:
            yield document

    @_index_guarded
    async def count(self, query: Filter, *, index: str) -> int:
        options = self._options("count", query, index)
        count(self.name)
        return int(await self._raw.count_documents(dict(query), **options))

    @_index_guarded
    async def find_one(self, query: Filter, *, index: str) -> Document | None:
        options = self._options("find_one", query, index)
        count(self.name)
        document: Document | None = await self._raw.find_one(dict(query), **options)
        return document

    def _check_inserted(self, document: Document) -> None:
        if self._tenant_scoped and not isinstance(document.get(TENANT_FIELD), str):
            raise TenantScopeViolation(f"{self.name}: an inserted document names no tenant")
        self._observe("insert", index=None, query=None, payload=document)

    async def insert_one(self, document: Document) -> None:
        self._check_inserted(document)
        self._before_write()
        count(self.name)
        await self._raw.insert_one(document, session=current_session())
        self._wrote()

    async def insert_many(self, documents: Sequence[Document]) -> None:
        """Insert all of ``documents`` in one round trip (unordered: one failure stops no other)."""
        for document in documents:
            self._check_inserted(document)
        if documents:
            self._before_write()
            count(self.name)
            if self._mock is None or not embedded.insert_in_process(self._mock, documents):
                await self._raw.insert_many(
                    list(documents), ordered=False, session=current_session()
                )
            self._wrote(len(documents))

    @_index_guarded
    async def update_one(
        self, query: Filter, update: Mapping[str, Any], *, index: str, upsert: bool = False
    ) -> bool:
        """Apply ``update``; True when a document matched or was inserted."""
        options = self._options("update", query, index, payload=update)
        self._before_write()
        count(self.name)
        result = await self._raw.update_one(dict(query), dict(update), upsert=upsert, **options)
        self._wrote()
        return bool(result.matched_count or result.upserted_id is not None)

    @_index_guarded
    async def update_many(self, query: Filter, update: Mapping[str, Any], *, index: str) -> int:
        """Apply ``update`` to every match; returns how many matched."""
        options = self._options("update", query, index, payload=update)
        self._before_write()
        count(self.name)
        result = await self._raw.update_many(dict(query), dict(update), **options)
        self._wrote()
        return int(result.matched_count)

    @_index_guarded
    async def update_each(self, updates: Sequence[Upsert], *, index: str) -> int:
        """Apply each update to the document its query matches (no upserts), all in one
        ordered round trip; returns how many matched. For changes that differ per document
        (an erase renaming a user in each of their events)."""
        for update in updates:
            self._options("update", update.query, index, payload=update.update)
        if not updates:
            return 0
        self._before_write()
        count(self.name)
        try:
            if self._store.embedded:
                return await embedded.update_one_by_one(
                    self._raw, [(dict(u.query), dict(u.update)) for u in updates]
                )
            requests = [UpdateOne(dict(u.query), dict(u.update), hint=index) for u in updates]
            written = await self._raw.bulk_write(requests, ordered=True, session=current_session())
            return int(written.matched_count)
        finally:
            self._wrote()

    async def bulk_write(self, upserts: Sequence[Upsert], *, index: str) -> BulkResult:
        """Apply every upsert in one unordered round trip (one failing stops no other).

        A duplicate key on any of them (a concurrent writer inserted the same key first) raises
        ``DuplicateKeyError``, which the step runner resolves by running the step again.
        """
        result, duplicates = await self._upserts(upserts, index=index)
        if duplicates:
            raise DuplicateKeyError(f"{self.name}: {len(duplicates)} duplicate key(s)", 11000)
        return result

    async def increment_many(self, upserts: Sequence[Upsert], *, index: str) -> None:
        """Apply ``$inc`` upserts in one round trip, each exactly once.

        Two writers creating the same document at once meet a duplicate key. Inside a
        transaction that aborts it, so the error is raised and the whole step runs again;
        outside one the upserts that met it are sent again, and now find the document.
        """
        pending = list(upserts)
        for _ in range(_INCREMENT_ATTEMPTS):
            _, duplicates = await self._upserts(pending, index=index)
            if not duplicates:
                return
            if current_session() is not None:
                raise DuplicateKeyError(f"{self.name}: {len(duplicates)} duplicate key(s)", 11000)
            pending = [pending[position] for position in duplicates]
        raise StaleWrite(f"{self.name}: counters kept being created concurrently")

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
        self._before_write()
        count(self.name)
        try:
            return await self._upsert_all(upserts, index=index)
        finally:
            self._wrote(len(upserts))

    async def _upsert_all(
        self, upserts: Sequence[Upsert], *, index: str
    ) -> tuple[BulkResult, list[int]]:
        if self._mock is not None:
            pairs = [(dict(u.query), dict(u.update)) for u in upserts]
            done = embedded.upsert_in_process(self._mock, pairs, self._specs[index])
            return done if done is not None else await embedded.upsert_one_by_one(self._raw, pairs)
        requests = [
            UpdateOne(dict(u.query), dict(u.update), upsert=True, hint=index) for u in upserts
        ]
        try:
            result = await self._raw.bulk_write(requests, ordered=False, session=current_session())
        except BulkWriteError as error:
            errors = error.details.get("writeErrors", [])
            if not errors or any(e.get("code") != DUPLICATE_KEY for e in errors):
                raise
            counts = BulkResult(
                matched=int(error.details.get("nMatched", 0)),
                upserted=len(error.details.get("upserted", [])),
            )
            return counts, sorted(int(e["index"]) for e in errors)
        return BulkResult(matched=result.matched_count, upserted=result.upserted_count), []

    async def put_versioned(
        self, key: Filter, document: Document, *, previous_version: int | None, index: str
    ) -> None:
        """Insert ``document``, or overwrite the one at ``key`` if it is still at
        ``previous_version``; a concurrent writer surfaces as a duplicate key or ``StaleWrite``,
        which the step runner resolves by running the whole step again."""
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
        self._before_write()
        count(self.name)
        result = await self._raw.delete_many(dict(query), **options)
        self._wrote()
        return int(result.deleted_count)

    async def ensure_index(self, spec: IndexSpec) -> str:
        """Create ``spec`` idempotently; replace a same-named index whose definition changed."""
        options: dict[str, Any] = {"name": spec.name, "unique": spec.unique}
        if spec.partial_filter:
            options["partialFilterExpression"] = dict(spec.partial_filter)
        if spec.expire_after_seconds is not None:
            options["expireAfterSeconds"] = spec.expire_after_seconds
        if self._store.embedded:
            options = embedded.index_options(spec, options)
        model = IndexModel(list(spec.keys), **options)
        try:
            await self._raw.create_indexes([model])
        except OperationFailure as error:
            if error.code not in INDEX_CONFLICT_CODES:
                raise
            await self._raw.drop_index(spec.name)
            await self._raw.create_indexes([model])
            return "replaced"
        return "ensured"

    async def is_empty(self) -> bool:
        count(self.name)
        return int(await self._raw.estimated_document_count()) == 0

    async def index_names(self) -> set[str]:
        information: dict[str, Any] = await self._raw.index_information()
        return set(information)
