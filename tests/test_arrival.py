"""What the Arrival middleware does to a request, called as ASGI with a chosen ``receive``.

- A request's first step's budget counts from when its client finished sending it: time spent
  before the step starts (here a tenant lookup that takes most of the budget, on the runner's
  fake timer) counts, and the step answers 409 ``conflict`` instead of starting a budget of
  its own; time spent waiting for the client to send the body (a ``receive`` that takes longer
  than the whole budget) does not.
- Watching for the client leaving never stands between the app and its body: a body in several
  parts, or one sent without a length, reaches the app whole.
- A request without a body whose client has already gone (the server reports
  ``http.disconnect`` at once) writes nothing: that is known before the app runs, so no
  scheduling decides it.
"""

import asyncio
import json
from collections.abc import Awaitable, Callable

from fastapi import FastAPI
from starlette.types import ASGIApp, Message

from models import Tenant
from service.core.data.database import DriverCall, Store
from service.core.http.arrival import CLIENT_CLOSED_REQUEST
from tests.helpers import Api, FakeTimer

PATH = "/v1/users/a/contacts/b"
BODY = json.dumps({"nickname": "Bobby"}).encode()


async def _call(
    app: ASGIApp,
    method: str,
    key: str,
    receive: Callable[[], Awaitable[Message]],
    *,
    length: int | None,
) -> list[Message]:
    headers = [(b"host", b"test"), (b"authorization", f"Bearer {key}".encode())]
    if method == "PUT":
        headers.append((b"content-type", b"application/json"))
    if length is not None:
        headers.append((b"content-length", str(length).encode()))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": PATH,
        "raw_path": PATH.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("test", 80),
    }
    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent


def _sending(
    parts: list[bytes], before_first: Callable[[], None] = lambda: None
) -> Callable[[], Awaitable[Message]]:
    """A client that sends ``parts`` as the body, then stays until the app has answered."""
    left = list(parts)

    async def receive() -> Message:
        if left:
            if len(left) == len(parts):
                before_first()
            return {"type": "http.request", "body": left.pop(0), "more_body": bool(left)}
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    return receive


async def _gone() -> Message:
    return {"type": "http.disconnect"}


def _status(sent: list[Message]) -> int:
    status: int = sent[0]["status"]
    return status


def _slow_tenant_lookup(app: FastAPI, timer: FakeTimer, seconds: float) -> None:
    """The next lookup of a key in ``tenants`` takes ``seconds`` (a busy process)."""
    store: Store = app.state.store
    slow = [seconds]

    def lookup(call: DriverCall) -> None:
        if call.collection == Tenant.Settings.name and slow:
            timer.advance(slow.pop())

    store.observers.append(lookup)


async def test_a_request_that_waited_most_of_its_budget_before_its_step_answers_conflict(
    app: FastAPI, running: ASGIApp, tenant: dict[str, str], timer: FakeTimer, api: Api
) -> None:
    budget: float = app.state.settings.step_budget_seconds
    _slow_tenant_lookup(app, timer, 0.95 * budget)
    sent = await _call(running, "PUT", tenant["app_key"], _sending([BODY]), length=len(BODY))
    assert _status(sent) == 409
    body = json.loads(b"".join(m.get("body", b"") for m in sent[1:]))
    assert body["code"] == "conflict"
    assert (await api.call("GET", PATH)).status_code == 404


async def test_a_request_within_its_budget_is_answered(
    app: FastAPI, running: ASGIApp, tenant: dict[str, str], timer: FakeTimer
) -> None:
    budget: float = app.state.settings.step_budget_seconds
    _slow_tenant_lookup(app, timer, 0.3 * budget)
    sent = await _call(running, "PUT", tenant["app_key"], _sending([BODY]), length=len(BODY))
    assert _status(sent) == 201


async def test_the_time_a_client_takes_to_send_its_body_is_not_the_steps(
    app: FastAPI, running: ASGIApp, tenant: dict[str, str], timer: FakeTimer
) -> None:
    budget: float = app.state.settings.step_budget_seconds
    slowly = _sending([BODY[:5], BODY[5:]], before_first=lambda: timer.advance(budget + 1))
    sent = await _call(running, "PUT", tenant["app_key"], slowly, length=len(BODY))
    assert _status(sent) == 201


async def test_a_body_in_several_parts_reaches_the_app_whole(
    running: ASGIApp, tenant: dict[str, str], api: Api
) -> None:
    parts = [BODY[:5], BODY[5:9], BODY[9:], b""]
    sent = await _call(running, "PUT", tenant["app_key"], _sending(parts), length=len(BODY))
    assert _status(sent) == 201
    assert (await api.ok("GET", PATH))["metadata"]["nickname"] == "Bobby"


async def test_a_body_sent_without_a_length_reaches_the_app(
    running: ASGIApp, tenant: dict[str, str], api: Api
) -> None:
    """No ``content-length`` (as over HTTP/2): the message read while looking for the client
    leaving is the body, and the app gets it."""
    sent = await _call(running, "PUT", tenant["app_key"], _sending([BODY]), length=None)
    assert _status(sent) == 201
    assert (await api.ok("GET", PATH))["metadata"]["nickname"] == "Bobby"


async def test_a_bodiless_write_whose_client_has_gone_writes_nothing(
    running: ASGIApp, tenant: dict[str, str], api: Api
) -> None:
    await api.ok("PUT", PATH, {"nickname": "Bobby"})
    sent = await _call(running, "DELETE", tenant["app_key"], _gone, length=None)
    assert _status(sent) == CLIENT_CLOSED_REQUEST  # what the logs record; the server drops it
    assert (await api.ok("GET", PATH))["metadata"]["nickname"] == "Bobby"
