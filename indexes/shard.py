"""Shard every declared collection on a ``mongos`` (idempotent).

Like ``indexes.sync`` it works on anything that can run the two admin commands, so this
package never depends on the service that drives the database.
"""

from typing import Protocol

from indexes import SHARD_KEYS
from indexes.spec import ShardKey

NOT_MONGOS = (
    "{hosts} is not a mongos (its hello answer has no msg: isdbgrid): sharding is set up "
    "through a sharded cluster's router. Point MONGODB_URI at the mongos, or run "
    "`relationships indexes sync` without --shard."
)


class NotMongos(Exception):
    """The server is a replica set or standalone: there is nothing to shard."""


class ClusterAdmin(Protocol):
    """A connection that can tell a ``mongos`` and shard one database's collections."""

    async def is_mongos(self) -> bool: ...

    async def enable_sharding(self) -> None: ...

    async def shard_collection(self, collection: str, key: ShardKey) -> None: ...


async def require_mongos(cluster: ClusterAdmin, *, hosts: str) -> None:
    if not await cluster.is_mongos():
        raise NotMongos(NOT_MONGOS.format(hosts=hosts))


async def shard_collections(cluster: ClusterAdmin, *, hosts: str) -> list[tuple[str, str]]:
    """``enableSharding`` on the database, then ``shardCollection`` on each collection with a
    declared shard key; ``tenants`` stays unsharded on the database's primary shard.
    Returns (collection, shard key) rows; raises :class:`NotMongos` before sending anything."""
    await require_mongos(cluster, hosts=hosts)
    await cluster.enable_sharding()
    rows: list[tuple[str, str]] = []
    for collection, key in SHARD_KEYS.items():
        await cluster.shard_collection(collection, key)
        rows.append((collection, ", ".join(f"{field}: {order}" for field, order in key.items())))
    return rows
