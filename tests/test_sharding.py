"""``relationships indexes sync --shard``: the commands it sends to a mongos, recorded by a fake
client (no mongos runs here), and its refusal elsewhere (tests/wire/test_shard_refusal.py)."""

from typing import Any

import pytest
from typer.testing import CliRunner

from indexes import SHARD_KEYS, UNSHARDED
from indexes.shard import NotMongos, shard_collections
from service.cli.main import app as cli
from service.core.data.database import Cluster, OperationFailure, Store

pytestmark = pytest.mark.embedded_only
runner = CliRunner()


class RecordedAdmin:
    """The ``admin`` database of a client, answering as a mongos of MongoDB 5.0 does: a second
    ``enableSharding`` is refused as already done; sharding again by the same key is ok."""

    def __init__(self, *, mongos: bool) -> None:
        self.mongos = mongos
        self.sent: list[tuple[str, Any, dict[str, Any]]] = []
        self._enabled: set[str] = set()
        self._sharded: dict[str, dict[str, int]] = {}

    async def command(self, name: str, value: Any = 1, **fields: Any) -> dict[str, Any]:
        self.sent.append((name, value, fields))
        if name == "hello":
            return {"ok": 1, "msg": "isdbgrid"} if self.mongos else {"ok": 1, "setName": "rs0"}
        assert self.mongos, "nothing but hello may reach a server that is not a mongos"
        if name == "enableSharding":
            if value in self._enabled:
                raise OperationFailure("already enabled", 23)
            self._enabled.add(value)
        elif (
            name == "shardCollection"
            and self._sharded.setdefault(value, fields["key"]) != fields["key"]
        ):
            raise OperationFailure("already sharded with a different key", 23)
        return {"ok": 1}


class RecordedClient:
    def __init__(self, *, mongos: bool) -> None:
        self.admin = RecordedAdmin(mongos=mongos)


async def test_shards_every_declared_collection_once_and_again_without_harm() -> None:
    client = RecordedClient(mongos=True)
    cluster = Cluster(client, "relationships")
    first = await shard_collections(cluster, hosts="mongos:27017")
    second = await shard_collections(cluster, hosts="mongos:27017")
    assert first == second
    assert {collection for collection, _ in first} == set(SHARD_KEYS)
    sent = [(name, value, fields) for name, value, fields in client.admin.sent if name != "hello"]
    once: list[tuple[str, Any, dict[str, Any]]] = [("enableSharding", "relationships", {})] + [
        ("shardCollection", f"relationships.{collection}", {"key": key})
        for collection, key in SHARD_KEYS.items()
    ]
    assert sent == once + once
    assert not any("tenants" in str(value) for _, value, _ in sent), UNSHARDED


async def test_refuses_a_server_that_is_not_a_mongos_before_sending_anything() -> None:
    client = RecordedClient(mongos=False)
    with pytest.raises(NotMongos, match="is not a mongos"):
        await shard_collections(Cluster(client, "relationships"), hosts="db:27017")
    assert [name for name, _, _ in client.admin.sent] == ["hello"]


def test_cli_syncs_indexes_then_shards(monkeypatch: pytest.MonkeyPatch, store: Store) -> None:
    client = RecordedClient(mongos=True)

    async def connected(_: object) -> Store:
        return store

    monkeypatch.setattr("service.cli.main.connect", connected)
    monkeypatch.setattr("service.cli.main.Cluster", lambda _, name: Cluster(client, name))
    monkeypatch.setattr(store, "close", lambda: None)
    monkeypatch.setenv("MONGODB_URI", "mongodb://mongos.invalid")  # connect is replaced above
    result = runner.invoke(cli, ["indexes", "sync", "--shard"])
    assert result.exit_code == 0, result.output
    assert "tenant_user_target_type_unique" in result.output
    assert "relationship_events" in result.output
    assert "_id: 1" in result.output
    assert sum(name == "shardCollection" for name, _, _ in client.admin.sent) == len(SHARD_KEYS)
