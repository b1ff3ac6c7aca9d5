"""A database outage over the wire tier: the service answers 503 `database_unavailable` with
`Retry-After`, fails fast once it knows the database is down (no request waits for the driver's
server selection), and recovers by itself when the database is back."""

import asyncio
import threading
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from service.core.settings import Settings, TransactionMode
from tests.helpers import OPERATOR_TOKEN, operator_headers
from tests.wire.served import served

pytestmark = pytest.mark.wire


class Database:
    """A wire server of its own on a fixed port, to stop and start again."""

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, daemon=True, name="outage-db"
        )
        self._thread.start()
        self._server: Any = None
        self.port = 0

    def _run(self, work: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(work, self._loop).result(timeout=20)

    def start(self) -> None:
        from mongoeco.engines.memory import MemoryEngine
        from mongoeco.wire import AsyncMongoEcoProxyServer

        self._server = AsyncMongoEcoProxyServer(
            engine=MemoryEngine(), host="127.0.0.1", port=self.port
        )
        self.port = self._run(self._server.start()).port

    def stop(self) -> None:
        self._run(self._server.close())

    def close(self) -> None:
        self.stop()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()


@pytest.fixture
def database() -> Iterator[Database]:
    db = Database()
    db.start()
    yield db
    db.close()


def test_an_outage_answers_503_fast_with_retry_after_and_recovers(database: Database) -> None:
    settings = Settings(
        # A short selection timeout only for the first request to meet the outage.
        mongodb_uri=f"mongodb://127.0.0.1:{database.port}/?serverSelectionTimeoutMS=1500",
        database_name=f"outage_{uuid.uuid4().hex[:8]}",
        operator_token=OPERATOR_TOKEN,
        transactions=TransactionMode.ON,
        demo_tenant=False,
        rate_limit_storage_uri="async+memory://",
    )
    with served(settings) as base, httpx.Client(base_url=base, timeout=30) as http:
        created = http.post(
            "/v1/operator/tenants", json={"tenant_id": "t", "name": "t"}, headers=operator_headers()
        )
        assert created.status_code == 201, created.text
        key = {"Authorization": f"Bearer {created.json()['app_key']}"}
        assert http.get("/v1/users/a/friends", headers=key).status_code == 200

        database.stop()
        first = http.get("/v1/users/a/friends", headers=key)
        assert first.status_code == 503, first.text
        assert first.json()["code"] == "database_unavailable"
        assert int(first.headers["retry-after"]) >= 1
        # Known down now: answered without waiting on the driver (the detail says so).
        for path in ("/v1/users/a/friends", "/readyz"):
            again = http.get(path, headers=key)
            assert again.status_code == 503, again.text
            assert "checks it every" in again.json()["detail"]
            assert int(again.headers["retry-after"]) >= 1

        database.start()  # the same port: back, empty
        for _ in range(300):  # the background ping finds it; indexes are re-created
            if http.get("/readyz").status_code == 200:
                break
            threading.Event().wait(0.1)
        assert http.get("/readyz").status_code == 200
