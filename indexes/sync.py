"""Bring a database's indexes in line with the declarations (idempotent)."""

from typing import TYPE_CHECKING

from indexes import INDEXES_BY_COLLECTION

if TYPE_CHECKING:
    from service.core.database import Store


async def sync_indexes(store: "Store") -> list[tuple[str, str, str]]:
    """Ensure every declared index; returns (collection, index, "ensured" | "replaced") rows."""
    report: list[tuple[str, str, str]] = []
    for collection in store.collections:
        for spec in INDEXES_BY_COLLECTION[collection.name]:
            outcome = await collection.ensure_index(spec)
            report.append((collection.name, spec.name, outcome))
    return report
