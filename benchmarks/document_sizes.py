"""Prints figures, asserts nothing: ``.venv-wire/bin/python -m benchmarks.document_sizes``
(the wire tier, Python >= 3.13; without a wire server it runs on the embedded backend and says
so). The inputs of docs/scaling.md.

A tenant's users make every kind of relationship through the HTTP API (friend requests
accepted, follows, contacts with a nickname, blocks, mutes, grants, a list with members), so the
documents are the ones the service writes. Then every collection is read back over the wire and
measured: documents, mean BSON size per document (by edge type for ``user_relationships``),
and for each declared index the mean entries per document (multikey fields count each value)
and the mean key bytes per entry (the BSON size of the indexed values plus 8 bytes of record
id: WiredTiger's prefix compression makes the real indexes smaller, so this is an upper bound).
"""

import argparse
import asyncio
import statistics
import uuid
from collections import defaultdict
from typing import Any

import bson
import httpx
from asgi_lifespan import LifespanManager

from indexes import INDEXES_BY_COLLECTION
from service.app import create_app
from service.core.settings import Settings, TransactionMode
from tests.helpers import OPERATOR_TOKEN, Api, operator_headers

arguments = argparse.ArgumentParser(description=__doc__)
arguments.add_argument("--users", type=int, default=60, help="users of the measured tenant")
options = arguments.parse_args()
RECORD_ID_BYTES = 8


def _values(document: dict[str, Any], path: str) -> list[Any]:
    value: Any = document
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value if isinstance(value, list) else [value]


def _key_bytes(values: list[Any]) -> int:
    return len(bson.encode({"k": values})) - len(bson.encode({"k": []}))


async def workload(api: Api, users: int) -> None:
    ids = [f"user{n:05d}" for n in range(users)]
    for n, user in enumerate(ids):
        friend, star = ids[(n + 1) % users], ids[(n * 7 + 3) % users]
        await api.befriend(user, friend) if n % 2 == 0 else None
        await api.follow(user, star)
        await api.ok(
            "PUT",
            f"/v1/users/{user}/contacts/{ids[(n + 5) % users]}",
            {"nickname": f"Contact {n}", "notes": "met at the conference"},
        )
        if n % 10 == 0:
            await api.block(user, ids[(n + 11) % users])
            await api.mute(user, ids[(n + 13) % users])
            # (refused where a block of the small id space falls between the two: still fine)
            await api.call(
                "PUT", f"/v1/users/{user}/resources/doc{n}/grants/{friend}", {"permission": "read"}
            )
    created = await api.ok("POST", f"/v1/users/{ids[0]}/lists", {"name": "close friends"})
    for member in ids[1:11]:
        await api.ok("PUT", f"/v1/users/{ids[0]}/lists/{created['list_id']}/members/{member}")


def measure(database: Any) -> None:
    print(f"{'collection':<22} {'docs':>6} {'bytes/doc':>10}  index: entries/doc x bytes/entry")
    for collection, specs in INDEXES_BY_COLLECTION.items():
        documents = list(database[collection].find({}))
        if not documents:
            print(f"{collection:<22} {0:>6}")
            continue
        sizes = [len(bson.encode(d)) for d in documents]
        indexes = []
        for spec in (*specs, None):
            fields = spec.key_names if spec else ("_id",)
            entries, widths = 0, []
            for document in documents:
                if (
                    spec
                    and spec.partial_filter
                    and any(document.get(k) != v for k, v in spec.partial_filter.items())
                ):
                    continue
                per_field = [_values(document, name) for name in fields]
                count = max(1, *(len(values) for values in per_field))
                entries += count
                widths.append(
                    sum(_key_bytes(values) for values in per_field) // count + RECORD_ID_BYTES
                )
            name = spec.name if spec else "_id_"
            width = statistics.mean(widths) if widths else 0
            indexes.append(f"{name} {entries / len(documents):.2f}x{width:.0f}")
        print(
            f"{collection:<22} {len(documents):>6} {statistics.mean(sizes):>10.0f}  "
            + "; ".join(indexes)
        )
        if collection == "user_relationships":
            by_type: dict[str, list[int]] = defaultdict(list)
            for document, size in zip(documents, sizes, strict=True):
                by_type[str(document["type"])].append(size)
            for kind, kind_sizes in sorted(by_type.items()):
                mean = statistics.mean(kind_sizes)
                print(f"{'  type ' + kind:<22} {len(kind_sizes):>6} {mean:>10.0f}")


async def main() -> None:
    try:
        from tests.wire.server import start_wire_server

        uri: str | None = start_wire_server()
        print("measured on the wire server (documents as the production driver path writes them)")
    except RuntimeError:
        uri = None
        print("measured on the embedded backend (no wire server on this Python)")
    settings = Settings(
        mongodb_uri=uri,
        database_name=f"sizes_{uuid.uuid4().hex[:8]}",
        operator_token=OPERATOR_TOKEN,
        transactions=TransactionMode.ON if uri else TransactionMode.AUTO,
        demo_tenant=False,
        rate_limit_per_second=0,
        user_rate_limit_per_second=0,
        log_level="warning",
    )
    app = create_app(settings)
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://sizes") as client:
            created = await client.post(
                "/v1/operator/tenants",
                json={"tenant_id": "tenant-00042", "name": "Measured"},
                headers=operator_headers(),
            )
            await workload(Api(client, created.json()["app_key"]), options.users)
        store = app.state.store
        if uri:
            from pymongo import MongoClient

            measure(MongoClient(uri)[settings.database_name])
        else:
            measure(_Sync(store.database))


class _Sync:
    """The embedded backend's collections, read as plain lists (mongomock under the motor shim)."""

    def __init__(self, database: Any) -> None:
        self._database = database

    def __getitem__(self, name: str) -> Any:
        return self._database[name]._AsyncMongoMockCollection__collection


if __name__ == "__main__":
    asyncio.run(main())
