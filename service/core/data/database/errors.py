"""What the driver raises, as the rest of the service may name it, and which errors are races."""

from pymongo.errors import (
    BulkWriteError,
    ConnectionFailure,
    DuplicateKeyError,
    OperationFailure,
    PyMongoError,
    ServerSelectionTimeoutError,
    WaitQueueTimeoutError,
    _OperationCancelled,
)

DatabaseError = PyMongoError
# A step's answer once its time budget is spent (the runner's, the facade's and the driver's
# bound on each call of a step all say it).
OUT_OF_TIME = "The request ran out of its time budget; retry."
DatabaseUnreachable = ConnectionFailure
# A socket operation the driver abandoned (its connection was closed under it, e.g. when the
# request that owned it was given up): not a sign that the database is down.
OperationCancelled = _OperationCancelled

__all__ = [
    "OUT_OF_TIME",
    "BulkWriteError",
    "ConnectionFailure",
    "DatabaseDown",
    "DatabaseError",
    "DatabaseUnreachable",
    "DuplicateKeyError",
    "OperationCancelled",
    "OperationFailure",
    "PyMongoError",
    "ServerSelectionTimeoutError",
    "StaleWrite",
    "StandaloneRefused",
    "StartupFailed",
    "TenantScopeViolation",
    "WaitQueueTimeoutError",
    "lost_race",
]

WRITE_CONFLICT = 112
DUPLICATE_KEY = 11000
INDEX_CONFLICT_CODES = {85, 86}  # IndexOptionsConflict, IndexKeySpecsConflict


class StartupFailed(RuntimeError):
    """The configured database cannot be used; the message is one plain line saying what is
    wrong and what to do, naming MongoDB's hosts but never its credentials."""


class StandaloneRefused(StartupFailed):
    """MongoDB without transactions, and the operator did not accept the risk."""


class DatabaseDown(ServerSelectionTimeoutError):
    """Refused without reaching the driver: a call failed to reach the database, and the
    background ping has not reached it since."""


class StaleWrite(Exception):
    """A guarded update found the document changed since it was read (a concurrent writer)."""


class TenantScopeViolation(AssertionError):
    """A programming error: a read or write that is not confined to exactly one tenant."""


def lost_race(error: BaseException) -> bool:
    """A race that running the whole read-decide-write step again resolves.

    Outside transactions: a duplicate key or a guarded update that matched nothing. Inside:
    MongoDB's WriteConflict or any error labelled TransientTransactionError (what the driver's
    ``with_transaction`` would retry); the wire test server reports a conflict found at commit
    without code or label, so it is recognised by its message here and nowhere else.
    """
    if isinstance(error, DuplicateKeyError | StaleWrite):
        return True
    if isinstance(error, OperationFailure) and (
        error.code == WRITE_CONFLICT or str(error).startswith("Write conflict")
    ):
        return True
    return isinstance(error, PyMongoError) and error.has_error_label("TransientTransactionError")


def unknown_commit_result(error: BaseException) -> bool:
    """A commit whose outcome the driver could not learn: committing again is safe."""
    return isinstance(error, PyMongoError) and error.has_error_label(
        "UnknownTransactionCommitResult"
    )
