"""The driver facade: the only package that calls the MongoDB driver.

Everything else asks a :class:`Collection` for documents by filter and *named index*. One job
per module: ``collection`` (the facade: fit-checked, hinted, tenant-checked calls),
``timing`` (round trips and driver time per API call), ``transactions`` (one attempt at a step,
in a transaction driven by hand, within the step's deadline), ``store`` (the collections of one
database), ``connect`` (opening the backend, refusing a standalone server) and ``embedded``
(every difference of the embedded backend, mongomock-motor, in one place).
"""

from service.core.data.database.collection import Collection, Document, DriverCall, Filter, Upsert
from service.core.data.database.connect import STANDALONE_REFUSED, TRANSACTIONS_OFF, connect
from service.core.data.database.embedded import BulkResult
from service.core.data.database.errors import (
    DatabaseError,
    DatabaseUnreachable,
    DuplicateKeyError,
    OperationFailure,
    StaleWrite,
    StandaloneRefused,
    StartupFailed,
    TenantScopeViolation,
    lost_race,
)
from service.core.data.database.store import GuardMode, Store
from service.core.data.database.timing import RoundTrips, count_round_trips
from service.core.data.database.transactions import OUT_OF_TIME, Deadline, unfenced, within

__all__ = [
    "OUT_OF_TIME",
    "STANDALONE_REFUSED",
    "TRANSACTIONS_OFF",
    "BulkResult",
    "Collection",
    "DatabaseError",
    "DatabaseUnreachable",
    "Deadline",
    "Document",
    "DriverCall",
    "DuplicateKeyError",
    "Filter",
    "GuardMode",
    "OperationFailure",
    "RoundTrips",
    "StaleWrite",
    "StandaloneRefused",
    "StartupFailed",
    "Store",
    "TenantScopeViolation",
    "Upsert",
    "connect",
    "count_round_trips",
    "lost_race",
    "unfenced",
    "within",
]
