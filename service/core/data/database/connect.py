"""Opening the configured backend, and refusing a MongoDB that cannot keep steps whole."""

from typing import Any

from beanie import init_beanie
from motor.motor_asyncio import AsyncIOMotorClient
from pymongo import uri_parser
from pymongo.errors import ConfigurationError, ConnectionFailure, OperationFailure, PyMongoError

from models import ALL_DOCUMENTS
from service.core.data.database import embedded
from service.core.data.database.errors import StandaloneRefused, StartupFailed
from service.core.data.database.store import Store
from service.core.settings import Settings, TransactionMode

TRANSACTIONS_OFF = (
    "RELATIONSHIPS_TRANSACTIONS=off: steps are serialised by leases, but a crash between two "
    "writes of one step can leave it half-done (`relationships check --repair` mends it)."
)
STANDALONE_REFUSED = (
    "MongoDB at {hosts} is a standalone server, which has no transactions; run it as a "
    "single-node replica set (`mongod --replSet rs0`, then once `mongosh --eval 'rs.initiate()'`, "
    "as docker-compose.yml does) and connect with ?replicaSet=rs0, or set "
    "RELATIONSHIPS_TRANSACTIONS=off to run on it anyway, accepting that a crash can leave a step "
    "half-done."
)


def hosts_of(uri: str) -> str:
    """The URI's host list, without credentials or options (never echo a password)."""
    try:
        nodes = uri_parser.parse_uri(uri, warn=True, connect_timeout=1)["nodelist"]
    except Exception:  # an SRV name that does not resolve, say: name only its host part
        return uri.rpartition("@")[2].partition("/")[0].partition("?")[0] or "MONGODB_URI"
    return ",".join(f"{host}:{port}" for host, port in nodes)


def _cannot_use(settings: Settings, error: PyMongoError) -> StartupFailed:
    uri = settings.mongodb_uri or ""
    if isinstance(error, ConfigurationError):
        return StartupFailed(f"MONGODB_URI is not a usable MongoDB connection string: {error}")
    hosts = hosts_of(uri)
    if isinstance(error, OperationFailure) and error.code in (13, 18):
        return StartupFailed(
            f"MongoDB at {hosts} refused the credentials in MONGODB_URI (user, password or "
            "authSource); fix them there."
        )
    if isinstance(error, ConnectionFailure):
        return StartupFailed(
            f"No MongoDB server at {hosts} answered within "
            f"{settings.server_selection_timeout_ms} ms: start it, or correct MONGODB_URI "
            "(RELATIONSHIPS_SERVER_SELECTION_TIMEOUT_MS sets the wait; unset MONGODB_URI for the "
            "embedded backend)."
        )
    return StartupFailed(f"MongoDB at {hosts} refused the service: {type(error).__name__}.")


async def connect(settings: Settings) -> Store:
    """Open the configured backend and bind the Beanie documents to it; raise
    :class:`StartupFailed` when it cannot be used."""
    if settings.embedded:
        if settings.transactions is TransactionMode.ON:
            raise StartupFailed(
                "RELATIONSHIPS_TRANSACTIONS=on needs MongoDB: set MONGODB_URI, or unset "
                "RELATIONSHIPS_TRANSACTIONS."
            )
        client: Any = embedded.client()
        transactions = False
    else:
        try:
            client = AsyncIOMotorClient(
                settings.mongodb_uri,
                tz_aware=True,
                serverSelectionTimeoutMS=settings.server_selection_timeout_ms,
            )
        except PyMongoError as error:
            raise _cannot_use(settings, error) from None
        try:
            # Reaches the server and authenticates now, so a start-up fails here, plainly.
            hello: dict[str, Any] = await client.admin.command("hello")
        except PyMongoError as error:
            client.close()
            raise _cannot_use(settings, error) from None
        if settings.transactions is TransactionMode.AUTO:
            if not ("setName" in hello or hello.get("msg") == "isdbgrid"):
                client.close()
                raise StandaloneRefused(
                    STANDALONE_REFUSED.format(hosts=hosts_of(settings.mongodb_uri or ""))
                )
            transactions = True
        else:
            transactions = settings.transactions is TransactionMode.ON
    database = client[settings.database_name]
    await init_beanie(database=database, document_models=ALL_DOCUMENTS)
    return Store(
        client,
        database,
        embedded=settings.embedded,
        transactions=transactions,
        lease_seconds=settings.lease_seconds,
    )
