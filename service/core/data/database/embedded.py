"""Where the embedded backend (mongomock-motor) differs from MongoDB, and what is done instead.

It rejects ``hint`` (dropped by the collection facade), has no sessions (no transactions),
ignores partial filters and TTL (reads never rely on either), has no server commands, and its
``bulk_write`` rejects PyMongo's ``UpdateOne`` (bulk upserts are applied here). Its calls never
yield to the event loop, so a step, once started, runs whole: the collection facade does not cut
it at its deadline, and other requests wait for it (hence short import batches there, and the
in-process indexing and writes below, which keep a step's work proportional to what it writes).
Its documents live in this process's heap: the garbage collector is kept from walking them.
"""

import gc
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from bson import BSON, ObjectId
from mongomock.collection import _validate_data_fields as _mock_validate_fields
from mongomock.filtering import filter_applies as _mock_filter_applies
from mongomock.helpers import hashdict
from mongomock.helpers import patch_datetime_awareness_in_document as _mock_precision
from mongomock.store import CollectionStore
from pymongo.errors import DuplicateKeyError

from indexes import IndexSpec
from service.core.data.database.timing import Timed

Document = dict[str, Any]
Filter = Mapping[str, Any]


@dataclass(frozen=True)
class BulkResult:
    matched: int
    upserted: int


def client() -> Any:
    from mongomock_motor import AsyncMongoMockClient

    return AsyncMongoMockClient(tz_aware=True)


def index_options(spec: IndexSpec, options: dict[str, Any]) -> dict[str, Any]:
    """mongomock ignores partial filters, so a partial unique index would be enforced on every
    document: the embedded backend gets the keys alone, not unique (the rules check what such an
    index guards; MongoDB also enforces it under races), and no TTL."""
    if spec.partial_filter or spec.expire_after_seconds is not None:
        # (``is not None``: a TTL of 0 seconds is a TTL, and the mock rescans on every access.)
        return {"name": spec.name}
    return options


async def upsert_one_by_one(
    raw: Timed, upserts: Sequence[tuple[dict[str, Any], dict[str, Any]]]
) -> tuple[BulkResult, list[int]]:
    """The embedded backend's bulk write (mongomock's cannot take PyMongo 4.20's UpdateOne):
    in process, unordered, failing as MongoDB does."""
    matched = upserted = 0
    duplicates: list[int] = []
    for position, (query, update) in enumerate(upserts):
        try:
            result = await raw.update_one(query, update, upsert=True)
        except DuplicateKeyError:
            duplicates.append(position)
            continue
        matched += result.matched_count
        upserted += result.upserted_id is not None
    return BulkResult(matched=matched, upserted=upserted), duplicates


async def update_one_by_one(
    raw: Timed, updates: Sequence[tuple[dict[str, Any], dict[str, Any]]]
) -> int:
    """The embedded backend's ordered bulk update (no upserts): one by one, in process."""
    matched = 0
    for query, update in updates:
        result = await raw.update_one(query, update)
        matched += result.matched_count
    return matched


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
patch_datetime_awareness_in_document: Callable[[Any], Any] = _mock_precision
# The mock's check of an inserted document's field names (no top-level "$", no NUL).
validate_fields = cast(Callable[[Document], None], _mock_validate_fields)
# Values the mock stores as they are (its datetime rule applies to none of them).
_STORED_AS_IS = frozenset({str, int, float, bool, type(None), ObjectId})


def _as_stored(value: Any) -> Any:
    """``value`` as the mock stores it (its datetime rule), walking plain dicts and lists here:
    the mock's own walk tries several types on every value of every document."""
    kind = type(value)
    if kind in _STORED_AS_IS:
        return value
    if kind is dict:
        return {name: _as_stored(inner) for name, inner in value.items()}
    if kind is list:
        return [_as_stored(inner) for inner in value]
    return patch_datetime_awareness_in_document(value)


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
    """Every plain value (and each plain element of an array) of the top-level fields some
    declared index names, in one mock collection's documents, mapped to their ``_id``s; and each
    ``_id``'s insertion order. (Only indexed fields: the others are never worth a set lookup, and
    an event's details would cost an entry each on every insert.)

    Kept in step by :class:`_IndexedStore` (inserts, replacements, deletes) and by the patched
    unique check, which the mock calls after every in-place update. Writes that reach the store
    through another handle than the facade's collection would leave it behind: there are none.
    """

    def __init__(self, fields: frozenset[str]) -> None:
        self.fields = fields
        self.by_field: dict[str, dict[_PlainKey, set[Any]]] = {name: {} for name in fields}
        self._entries: dict[Any, set[tuple[str, _PlainKey]]] = {}
        self.order: dict[Any, int] = {}
        self._next = 0

    def add(self, identity: Any, document: Mapping[str, Any]) -> None:
        entries = set()
        for name in self.fields:
            value = document.get(name)
            for element in value if isinstance(value, list) else (value,):
                if isinstance(element, _PLAIN):
                    entries.add((name, element))
        if entries != self._entries.get(identity):  # the mock re-announces unchanged documents
            self.remove(identity, keep_order=True)
            for name, element in entries:
                self.by_field[name].setdefault(element, set()).add(identity)
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

    def candidates(self, fields: Sequence[tuple[str, frozenset[_PlainKey]]]) -> list[Any] | None:
        """The ``_id``s of the documents the most selective indexed field allows, in insertion
        order; None when no field of ``fields`` is indexed (then every document is one)."""
        smallest: list[set[Any]] | None = None
        for name, values in fields:
            buckets = self.by_field.get(name)
            if buckets is None:
                continue
            found = [bucket for value in values if (bucket := buckets.get(value))]
            if smallest is None or sum(map(len, found)) < sum(map(len, smallest)):
                smallest = found
        if smallest is None:
            return None
        identities: set[Any] = set().union(*smallest)
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
        self.field_index = _FieldIndex(self.field_index.fields)

    def index_fields(self, fields: frozenset[str]) -> None:
        """Index (also) ``fields``, rebuilding the index from the stored documents."""
        known = getattr(self, "field_index", None)
        if known is not None and fields <= known.fields:
            return
        self.field_index = _FieldIndex(fields | known.fields if known else fields)
        for identity, document in dict.items(self._documents):
            self.field_index.add(identity, document)


def indexed_fields(specs: Iterable[IndexSpec]) -> frozenset[str]:
    """The top-level fields some index of ``specs`` names (``_id`` is the store's own key)."""
    return frozenset(
        name for spec in specs for name, _ in spec.keys if name != "_id" and "." not in name
    )


def index_the_mock(raw: Any, fields: frozenset[str]) -> None:
    """Make the mock's document scan (under every find, count, update, delete and unique check)
    read only the documents an index of the filter's plain equalities on ``fields`` allows."""
    mock = _mock_collection(raw)
    store = mock._store
    if not isinstance(store, _IndexedStore):
        store.__class__ = _IndexedStore
    store.index_fields(fields)
    if getattr(mock, "_indexed_in_process", False):
        return
    scan = mock._iter_documents
    check_uniques = mock._ensure_uniques

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
        identities = stored.field_index.candidates(prefilter.fields)
        if identities is None:
            return scan(query)  # type: ignore[no-any-return]
        documents = [stored._documents[i] for i in identities]
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


def _key_part(value: Any) -> _PlainKey | int | float | None:
    """``value`` as part of a unique key compared as MongoDB compares it: strings and ObjectIds,
    and numbers (1 and 1.0 are one key in both); never bools (True is not 1 in MongoDB) or NaN."""
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and value == value:
        return value
    return None


def _unique_key(document: Mapping[str, Any], fields: Sequence[str]) -> tuple[Any, ...] | None:
    key = tuple(_key_part(document.get(name)) for name in fields)
    return None if any(part is None for part in key) else key


def upsert_in_process(
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
    holders = _holders(mock, fields, {key for key in keys if key is not None})
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


def _holders(
    mock: Any, fields: Sequence[str], wanted: set[tuple[Any, ...]]
) -> dict[tuple[Any, ...], list[Document]]:
    """The stored documents whose unique key (on ``fields``) is one of ``wanted``, by key.

    The field index narrows them to the most selective key field's values; the key itself is
    then compared in Python (the mock's matcher would compare every ``$in`` list element by
    element, on every document the index lets through).
    """
    plain_values = [
        (name, frozenset(key[n] for key in wanted))
        for n, name in enumerate(fields)
        if all(isinstance(key[n], _PLAIN) for key in wanted)
    ]
    store = mock._store
    identities = store.field_index.candidates(plain_values) if plain_values else None
    documents = (
        [store._documents[i] for i in identities]
        if identities is not None
        else list(dict.values(store._documents))
    )
    holders: dict[tuple[Any, ...], list[Document]] = {}
    for document in documents:
        key = _unique_key(document, fields)
        if key in wanted:
            holders.setdefault(key, []).append(document)
    return holders


def _insert_upserted(mock: Any, query: Filter, update: Mapping[str, Any]) -> Document:
    """Insert what an upsert that matched nothing inserts; uniqueness was checked by the batch.

    An update of plain ``$set`` fields and numeric ``$inc`` (a new document holds the increment)
    over a query of plain equalities is stored directly, as the mock would store it (datetimes in
    MongoDB's precision), without its update machinery.
    """
    identity = query.get("_id") or ObjectId()
    fields = update.get("$set", {})
    increments = update.get("$inc", {})
    plain = (
        set(update) <= {"$set", "$inc"}
        and not set(fields) & set(increments)
        and all(type(delta) in (int, float) for delta in increments.values())
        and all(
            not name.startswith("$")
            and "." not in name
            and (type(value) in _STORED_AS_IS or not isinstance(value, Mapping))
            for name, value in [*query.items(), *((n, None) for n in [*fields, *increments])]
        )
    )
    if not plain or identity in mock._store:
        mock.update_one({**query, "_id": identity}, update, upsert=True)
    else:
        document = {**query, **fields, **increments, "_id": identity}
        mock._store[identity] = _as_stored(document)
    stored: Document = mock._store[identity]
    return stored


def insert_in_process(raw: Any, documents: Sequence[Document]) -> bool:
    """Insert ``documents`` as the mock's ``insert_many`` would, checked as it checks them
    (field names, BSON), without its per-document machinery; False (nothing done) unless the
    collection has no unique index and every ``_id`` is new (then let the mock do it)."""
    mock = _mock_collection(raw)
    store = mock._store
    if any(index.get("unique") for index in store.indexes.values()):
        return False
    identities = [document.setdefault("_id", ObjectId()) for document in documents]
    if any(_plain(i) is None or i in store for i in identities):
        return False
    if len(set(identities)) != len(identities):
        return False
    for document in documents:
        if not all(isinstance(name, str) for name in document):
            return False
        validate_fields(document)
        BSON.encode(document)
    for identity, document in zip(identities, documents, strict=True):
        store[identity] = _as_stored(document)
    return True


def _keeps_key(update: Mapping[str, Any], fields: Sequence[str], key: tuple[Any, ...]) -> bool:
    """The update leaves the unique key's fields as the query gives them."""
    for operator, body in update.items():
        for n, name in enumerate(fields):
            if name not in body:
                continue
            if operator not in ("$set", "$setOnInsert") or _plain(body[name]) != key[n]:
                return False
    return True


# --- The embedded store and Python's garbage collector ------------------------------------------
# Every stored document is a few objects the collector tracks (dicts, lists, ObjectIds), and each
# full collection walks all of them while the event loop waits: measured during an import, 180 ms
# at 1,000 rows, 900 ms at 20,000, growing with the store. Stored documents live until deleted, so
# after every few thousand written the young garbage is collected (cheap) and every object then
# alive is moved out of the collector's sight (``gc.freeze``). A frozen object is still freed when
# its last reference goes (a deleted document); only a reference cycle among frozen objects is
# never collected: the price is the few cycles still in use at that moment (a request in flight).


@dataclass
class _Freezer:
    every: int  # documents written between two freezes
    written: int  # since the last freeze; the first write freezes what start-up made

    def wrote(self, documents: int) -> None:
        self.written += documents
        if self.written >= self.every:
            self.written = 0
            gc.collect(1)
            gc.freeze()


FREEZE_EVERY_DOCUMENTS = 5_000
_freezer = _Freezer(every=FREEZE_EVERY_DOCUMENTS, written=FREEZE_EVERY_DOCUMENTS)


def wrote(documents: int) -> None:
    """``documents`` were written to the embedded store (kept out of full collections soon)."""
    _freezer.wrote(documents)
