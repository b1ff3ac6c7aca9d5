"""The two admin commands that shard a database, sent to a ``mongos``."""

from typing import Any

from indexes.spec import ShardKey
from service.core.data.database.errors import OperationFailure

# enableSharding on a database already enabled answers this on servers before 6.0 (later ones
# answer ok): either way the database is enabled, which is all that is asked.
ALREADY_INITIALIZED = 23


class Cluster:
    """Implements ``indexes.shard.ClusterAdmin`` on a driver client."""

    def __init__(self, client: Any, database_name: str) -> None:
        self._admin = client.admin
        self._database = database_name

    async def is_mongos(self) -> bool:
        hello: dict[str, Any] = await self._admin.command("hello")
        return hello.get("msg") == "isdbgrid"

    async def enable_sharding(self) -> None:
        try:
            await self._admin.command("enableSharding", self._database)
        except OperationFailure as error:
            if error.code != ALREADY_INITIALIZED:
                raise

    async def shard_collection(self, collection: str, key: ShardKey) -> None:
        # Idempotent: sharding again with the same key answers ok; a different key is refused
        # by the server (code 23), which is raised (resharding is a deliberate operation).
        namespace = f"{self._database}.{collection}"
        await self._admin.command("shardCollection", namespace, key=dict(key))
