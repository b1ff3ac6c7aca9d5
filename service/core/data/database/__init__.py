"""The driver facade: the only package that calls the MongoDB driver.

Everything else asks a :class:`Collection` for documents by filter and *named index*. One job
per module: ``collection`` (the facade: fit-checked, hinted, tenant-checked calls),
``timing`` (round trips and driver time per API call, each call bounded by its step's time),
``transactions`` (one attempt at a step, in a transaction driven by hand, within the step's
deadline), ``store`` (the collections of one database), ``connect`` (opening the backend,
refusing a standalone server), ``sharding`` (sharding the collections through a ``mongos``) and
``embedded`` (every difference of the embedded backend, mongomock-motor, in one place).
"""

from service.core.data.database.collection import Collection, Document, DriverCall, Filter, Upsert
from service.core.data.database.connect import (
    STANDALONE_REFUSED,
    TRANSACTIONS_OFF,
    connect,
    hosts_of,
)
from service.core.data.database.embedded import BulkResult
from service.core.data.database.errors import (
    OUT_OF_TIME,
    DatabaseDown,
    DatabaseError,
    DatabaseUnreachable,
    DuplicateKeyError,
    OperationCancelled,
    OperationFailure,
    StaleWrite,
    StandaloneRefused,
    StartupFailed,
    TenantScopeViolation,
    lost_race,
)
from service.core.data.database.outage import RETRY_AFTER_SECONDS
from service.core.data.database.sharding import Cluster
from service.core.data.database.store import KILL_AFTER_WRITES_VARIABLE, GuardMode, Store
from service.core.data.database.timing import RoundTrips, count_round_trips
from service.core.data.database.transactions import (
    Client,
    ClientGone,
    Deadline,
    bounded,
    client_gone,
    serving,
    unfenced,
    within,
)

__all__ = [
    "KILL_AFTER_WRITES_VARIABLE",
    "OUT_OF_TIME",
    "RETRY_AFTER_SECONDS",
    "STANDALONE_REFUSED",
    "TRANSACTIONS_OFF",
    "BulkResult",
    "Client",
    "ClientGone",
    "Cluster",
    "Collection",
    "DatabaseDown",
    "DatabaseError",
    "DatabaseUnreachable",
    "Deadline",
    "Document",
    "DriverCall",
    "DuplicateKeyError",
    "Filter",
    "GuardMode",
    "OperationCancelled",
    "OperationFailure",
    "RoundTrips",
    "StaleWrite",
    "StandaloneRefused",
    "StartupFailed",
    "Store",
    "TenantScopeViolation",
    "Upsert",
    "bounded",
    "client_gone",
    "connect",
    "count_round_trips",
    "hosts_of",
    "lost_race",
    "serving",
    "unfenced",
    "within",
]
