"""Bring a database's indexes in line with the declarations (idempotent).

It works on anything that can ensure an index by its declaration, so this package never
depends on the service that drives the database.
"""

from collections.abc import Iterable
from typing import Protocol

from indexes import INDEXES_BY_COLLECTION
from indexes.spec import IndexSpec


class IndexTarget(Protocol):
    """A collection that can create (or replace) one declared index."""

    @property
    def name(self) -> str: ...

    async def ensure_index(self, spec: IndexSpec) -> str: ...


class IndexLister(Protocol):
    @property
    def name(self) -> str: ...

    async def index_names(self) -> set[str]: ...


async def sync_indexes(collections: Iterable[IndexTarget]) -> list[tuple[str, str, str]]:
    """Ensure every declared index; returns (collection, index, "ensured" | "replaced") rows."""
    report: list[tuple[str, str, str]] = []
    for collection in collections:
        for spec in INDEXES_BY_COLLECTION[collection.name]:
            outcome = await collection.ensure_index(spec)
            report.append((collection.name, spec.name, outcome))
    return report


async def missing_indexes(collections: Iterable[IndexLister]) -> list[str]:
    """Declared indexes the database does not have, as ``collection.index`` names."""
    missing: list[str] = []
    for collection in collections:
        present = await collection.index_names()
        missing += [
            f"{collection.name}.{spec.name}"
            for spec in INDEXES_BY_COLLECTION[collection.name]
            if spec.name not in present
        ]
    return missing
