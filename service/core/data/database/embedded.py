"""Where the embedded backend (mongomock-motor) differs from MongoDB, and what is done instead.

It rejects ``hint`` (dropped by the collection facade), has no sessions (no transactions),
ignores partial filters and TTL (reads never rely on either), has no server commands, and its
``bulk_write`` rejects PyMongo's ``UpdateOne`` (bulk upserts are applied one by one here). Its
calls never yield to the event loop, so a step, once started, runs whole: the collection facade
does not cut it at its deadline (a big import batch may take seconds there).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pymongo.errors import DuplicateKeyError

from indexes import IndexSpec
from service.core.data.database.timing import Timed


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
    if spec.partial_filter or spec.expire_after_seconds:
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
