"""Opening the configured backend, and refusing a MongoDB that cannot keep steps whole."""

from typing import Any

from beanie import init_beanie
from motor.motor_asyncio import AsyncIOMotorClient

from models import ALL_DOCUMENTS
from service.core.data.database import embedded
from service.core.data.database.errors import StandaloneRefused
from service.core.data.database.store import Store
from service.core.settings import Settings, TransactionMode

TRANSACTIONS_OFF = (
    "RELATIONSHIPS_TRANSACTIONS=off: steps are serialised by leases, but a crash between two "
    "writes of one step can leave it half-done (`relationships check --repair` mends it)."
)
STANDALONE_REFUSED = """\
This MongoDB server is standalone, so it has no transactions: a step that writes several
documents could be left half-done by a crash, and racing requests could only be kept apart by
leases. Run MongoDB as a single-node replica set instead (as docker-compose.yml does):
    mongod --replSet rs0   then, once:   mongosh --eval 'rs.initiate()'
and connect with ...?replicaSet=rs0 (or ?directConnection=true). To run on this server anyway,
accepting that risk, set RELATIONSHIPS_TRANSACTIONS=off."""


async def _supports_transactions(client: Any) -> bool:
    hello: dict[str, Any] = await client.admin.command("hello")
    return "setName" in hello or hello.get("msg") == "isdbgrid"


async def connect(settings: Settings) -> Store:
    """Open the configured backend and bind the Beanie documents to it."""
    if settings.embedded:
        if settings.transactions is TransactionMode.ON:
            raise ValueError("RELATIONSHIPS_TRANSACTIONS=on needs MongoDB (set MONGODB_URI)")
        client: Any = embedded.client()
        transactions = False
    else:
        client = AsyncIOMotorClient(settings.mongodb_uri, tz_aware=True)
        if settings.transactions is TransactionMode.AUTO:
            if not await _supports_transactions(client):
                client.close()
                raise StandaloneRefused(STANDALONE_REFUSED)
            transactions = True
        else:
            transactions = settings.transactions is TransactionMode.ON
    database = client[settings.database_name]
    await init_beanie(database=database, document_models=ALL_DOCUMENTS)
    return Store(client, database, embedded=settings.embedded, transactions=transactions)
