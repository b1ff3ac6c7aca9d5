"""The change feed over real HTTP with concurrent writers: nothing skipped, nothing repeated.

A served app on the wire server, in both transaction modes. Writers change many pairs at once
while a reader follows ``GET /v1/events``; one step ("slowpoke") is held back after it took its
moment (its event id) and before it writes, so it commits after steps that started later: the
very case a cursor over ids alone gets wrong. It is held for a second, well inside the lag (a
real step is bounded by the step budget). Afterwards every event of the history must have
appeared in the feed exactly once, in the history's order.

The negative control reads with no lag behind the clock (a naive id cursor), in lease mode, and
holds the slowpoke until the reader has moved past its id: the reader must miss it. (In
transaction mode the wire server makes any two overlapping write transactions conflict, so the
held-back step loses and runs again at a later moment instead; real MongoDB would commit it.)
"""

import asyncio
import threading
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from pymongo import MongoClient

from service.core.data.repositories.events import EventRepository
from service.core.settings import Settings, TransactionMode
from tests.helpers import OPERATOR_TOKEN, Api, operator_headers
from tests.wire.served import served

pytestmark = pytest.mark.wire
LAG_SECONDS = 6.0
WRITERS = 6
OPERATIONS_PER_WRITER = 40
SLOW = "slowpoke"


@dataclass
class HeldBack:
    """Holds the slowpoke's event back between its moment and its write."""

    release: threading.Event = field(default_factory=threading.Event)
    moment: datetime | None = None
    held: threading.Event = field(default_factory=threading.Event)


@pytest.fixture
def held_back(monkeypatch: pytest.MonkeyPatch) -> HeldBack:
    state = HeldBack()
    original = EventRepository.append

    async def append(self: EventRepository, **fields: Any) -> Any:
        if fields.get("owner") == SLOW and state.moment is None:
            state.moment = self._moment
            state.held.set()
            await asyncio.to_thread(state.release.wait, 60)
        return await original(self, **fields)

    monkeypatch.setattr(EventRepository, "append", append)
    return state


@dataclass
class Served:
    api: Api
    admin: Api


async def _serve(mongodb_uri: str, mode: TransactionMode, lag: float) -> AsyncIterator[Served]:
    database = f"feed_{uuid.uuid4().hex[:10]}"
    settings = Settings(
        mongodb_uri=mongodb_uri,
        database_name=database,
        operator_token=OPERATOR_TOKEN,
        transactions=mode,
        demo_tenant=False,
        feed_lag_seconds=lag,
    )
    with served(settings) as url:
        limits = httpx.Limits(max_connections=50)
        async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
            created = await client.post(
                "/v1/operator/tenants",
                json={"tenant_id": "feed", "name": "Feed"},
                headers=operator_headers(),
            )
            keys = created.json()
            yield Served(Api(client, keys["app_key"]), Api(client, keys["admin_key"]))
    mongo: MongoClient[dict[str, Any]]
    with MongoClient(mongodb_uri) as mongo:
        mongo.drop_database(database)


@pytest.fixture(params=[TransactionMode.ON, TransactionMode.OFF], ids=["transactions", "leases"])
async def lagged(request: pytest.FixtureRequest, mongodb_uri: str) -> AsyncIterator[Served]:
    async for service in _serve(mongodb_uri, request.param, LAG_SECONDS):
        yield service


@pytest.fixture
async def naive(mongodb_uri: str) -> AsyncIterator[Served]:
    async for service in _serve(mongodb_uri, TransactionMode.OFF, 0.0):
        yield service


async def write(api: Api, writer: int, statuses: list[int]) -> None:
    """A bounded loop of changes over a few pairs shared with the other writers."""
    for n in range(OPERATIONS_PER_WRITER):
        a, b = f"u{(writer + n) % 5}", f"u{(writer + n + 1) % 5 + 5}"
        kind = n % 4
        if kind == 0:
            response = await api.call("PUT", f"/v1/users/{a}/following/{b}")
        elif kind == 1:
            response = await api.request_friend(b, a)
        elif kind == 2:
            response = await api.call("DELETE", f"/v1/users/{a}/following/{b}")
        else:
            response = await api.call("POST", f"/v1/users/{a}/friend-requests/{b}/accept")
        statuses.append(response.status_code)


async def follow_feed(
    api: Api, held: HeldBack, writers_done: asyncio.Event, *, lag: float
) -> list[dict[str, Any]]:
    """Read the feed while the writers write, until the horizon has passed their last write."""
    seen: list[dict[str, Any]] = []
    cursor: str | None = None
    finished_at: float | None = None
    loop = asyncio.get_running_loop()
    for _ in range(10_000):  # bounded; it ends long before
        page = await api.ok("GET", "/v1/events", limit=100, **({"after": cursor} if cursor else {}))
        seen += page["items"]
        cursor = page["next_cursor"]
        if held.moment is not None and not held.release.is_set():
            later = [e for e in seen if _second(e) > int(held.moment.timestamp())]
            if later:  # the reader has moved past the held-back event's id: let it commit
                held.release.set()
        if writers_done.is_set() and finished_at is None:
            finished_at = loop.time()
        if finished_at is not None and loop.time() > finished_at + lag + 2 and not page["items"]:
            return seen
        if not page["items"]:
            await asyncio.sleep(0.1)
    raise AssertionError("the feed never caught up")


def _second(event: dict[str, Any]) -> int:
    return int(datetime.fromisoformat(event["occurred_at"]).astimezone(UTC).timestamp())


HOLD_SECONDS = 1.0  # how long the lagged scenario holds the slowpoke (well inside the lag)


async def run_scenario(
    service: Served, held: HeldBack, *, lag: float
) -> tuple[list[dict[str, Any]], int]:
    """The feed as the reader saw it, and the slowpoke's answer."""
    statuses: list[int] = []
    writers_done = asyncio.Event()

    async def release_soon() -> None:
        await asyncio.to_thread(held.held.wait, 30)
        await asyncio.sleep(HOLD_SECONDS)
        held.release.set()

    async def writers() -> int:
        slow = asyncio.create_task(service.api.call("PUT", f"/v1/users/{SLOW}/following/u0"))
        await asyncio.to_thread(held.held.wait, 30)
        release = asyncio.create_task(release_soon()) if lag > 0 else None
        await asyncio.gather(*(write(service.api, w, statuses) for w in range(WRITERS)))
        slow_status = (await slow).status_code
        if release is not None:
            await release
        writers_done.set()
        return slow_status

    fed, slow_status = await asyncio.gather(
        follow_feed(service.api, held, writers_done, lag=lag), writers()
    )
    assert [s for s in [*statuses, slow_status] if s >= 500] == []
    return fed, slow_status


async def whole_history(admin: Api) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        page = await admin.ok(
            "GET", "/v1/admin/history", limit=200, **({"cursor": cursor} if cursor else {})
        )
        events += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return list(reversed(events))  # oldest first


async def test_feed_lists_every_committed_event_once(lagged: Served, held_back: HeldBack) -> None:
    fed, slow_status = await run_scenario(lagged, held_back, lag=LAG_SECONDS)
    history = await whole_history(lagged.admin)
    fed_ids = [e["event_id"] for e in fed]
    assert len(fed_ids) == len(set(fed_ids)), "an event was repeated"
    assert slow_status in (201, 409)  # 409: lost every race (transaction mode, see above)
    assert any(e["owner"] == SLOW for e in history) == (slow_status == 201)
    assert fed_ids == [e["id"] for e in history]  # all of them, in the history's order


async def test_a_naive_id_cursor_skips_a_late_commit(naive: Served, held_back: HeldBack) -> None:
    """Negative control: with no lag the same reader misses the held-back event."""
    fed, slow_status = await run_scenario(naive, held_back, lag=0.0)
    assert slow_status == 201
    history = await whole_history(naive.admin)
    missing = {e["id"] for e in history} - {e["event_id"] for e in fed}
    assert SLOW in {e["owner"] for e in history if e["id"] in missing}
