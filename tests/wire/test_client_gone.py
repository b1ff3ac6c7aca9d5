"""A step whose client has gone stops before it commits, over the wire tier.

uvicorn does not cancel a handler whose client closed its connection; the app watches the ASGI
``receive`` channel for ``http.disconnect`` and the driver facade stops the step before its
next write or its commit. Here the app is called as ASGI with a ``receive`` that reports the
disconnect at a chosen point of the step (inside a repository call), so nothing depends on
timing; the database is the wire test server, in both transaction modes.
"""

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from starlette.types import ASGIApp, Message

from models.enums import EventAction
from service.core.data.database import Store, client_gone
from service.core.data.pair import Pair
from service.core.data.repositories import EdgeRepository, EventRepository
from service.core.http.arrival import CLIENT_CLOSED_REQUEST
from service.core.settings import Settings, TransactionMode
from service.core.steps.context import TenantContext

pytestmark = pytest.mark.wire
PATH = "/v1/users/a/contacts/b"


@pytest.fixture(params=[TransactionMode.ON, TransactionMode.OFF], ids=["transaction", "lease"])
def settings(settings: Settings, request: pytest.FixtureRequest) -> Settings:
    return settings.model_copy(update={"transactions": request.param})


class Leaving:
    """An ASGI client that sends one request, then closes its connection when told to."""

    def __init__(self) -> None:
        self.leave = asyncio.Event()
        self.sent: list[Message] = []
        self._body_sent = False

    async def call(self, app: ASGIApp, key: str, body: dict[str, Any]) -> None:
        raw = json.dumps(body).encode()
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "PUT",
            "scheme": "http",
            "path": PATH,
            "raw_path": PATH.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": [
                (b"host", b"test"),
                (b"authorization", f"Bearer {key}".encode()),
                (b"content-type", b"application/json"),
                (b"content-length", str(len(raw)).encode()),
            ],
            "client": ("127.0.0.1", 50000),
            "server": ("test", 80),
        }

        async def receive() -> Message:
            if not self._body_sent:
                self._body_sent = True
                return {"type": "http.request", "body": raw, "more_body": False}
            await self.leave.wait()
            return {"type": "http.disconnect"}

        async def send(message: Message) -> None:
            self.sent.append(message)

        await app(scope, receive, send)

    def statuses(self) -> list[int]:
        return [m["status"] for m in self.sent if m["type"] == "http.response.start"]

    async def go(self) -> None:
        """Close the connection, and let the app see it (a few turns of the event loop)."""
        self.leave.set()
        for _ in range(100):
            if client_gone():
                return
            await asyncio.sleep(0)
        raise AssertionError("the app never saw the client leave")


async def _leaving_during(
    monkeypatch: pytest.MonkeyPatch, owner: type, name: str, *, after_call: bool
) -> Leaving:
    leaving = Leaving()
    original: Callable[..., Awaitable[Any]] = getattr(owner, name)

    async def patched(self: Any, *args: Any, **kwargs: Any) -> Any:
        if not after_call:
            await leaving.go()
        result = await original(self, *args, **kwargs)
        if after_call:
            await leaving.go()
        return result

    monkeypatch.setattr(owner, name, patched)
    return leaving


def _scoped(store: Store, ctx: TenantContext) -> TenantContext:
    """The test tenant's data, below HTTP."""
    return TenantContext.bind(store, tenant_id="acme", settings=ctx.settings, moment=ctx.moment)


async def _nothing_stored(store: Store, ctx: TenantContext) -> None:
    scoped = _scoped(store, ctx)
    assert list(await scoped.edges.load_pair("a", "b")) == []
    assert await scoped.events.last(user_id="a", action=EventAction.CONTACT_SAVED) is None


async def test_a_client_gone_before_the_first_write_stops_the_step(
    running: ASGIApp,
    store: Store,
    ctx: TenantContext,
    tenant: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    leaving = await _leaving_during(monkeypatch, EdgeRepository, "load_pair", after_call=True)
    await leaving.call(running, tenant["app_key"], {"nickname": "Bobby"})
    monkeypatch.undo()
    assert leaving.statuses() == [CLIENT_CLOSED_REQUEST]  # the server drops it: nobody hears
    await _nothing_stored(store, ctx)


async def test_a_client_gone_before_the_commit_rolls_the_step_back(
    running: ASGIApp,
    store: Store,
    ctx: TenantContext,
    tenant: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The client leaves after the step's last write: with a transaction, nothing commits;
    without one, the step had begun writing and finishes (it cannot be rolled back)."""
    leaving = await _leaving_during(monkeypatch, EventRepository, "append", after_call=True)
    await leaving.call(running, tenant["app_key"], {"nickname": "Bobby"})
    monkeypatch.undo()
    if store.transactions:
        assert leaving.statuses() == [CLIENT_CLOSED_REQUEST]
        await _nothing_stored(store, ctx)
    else:
        assert leaving.statuses() == [201]
        scoped = _scoped(store, ctx)
        pair: Pair = await scoped.edges.load_pair("a", "b")
        assert len(list(pair)) == 1
        assert await scoped.events.last(user_id="a", action=EventAction.CONTACT_SAVED)


async def test_a_client_that_stays_gets_its_answer(
    running: ASGIApp, tenant: dict[str, str]
) -> None:
    staying = Leaving()
    await staying.call(running, tenant["app_key"], {"nickname": "Bobby"})
    assert staying.statuses() == [201]
