"""A request's step budget counts from its arrival, queueing and body reading included.

The app is called as ASGI with a ``receive`` that takes longer than the whole budget to hand
over the body (on the runner's fake timer): the step must answer 409 ``conflict``, as the
client has already waited its budget before authentication even began.
"""

import asyncio
import json

from fastapi import FastAPI
from starlette.types import ASGIApp, Message

from tests.helpers import FakeTimer

PATH = "/v1/users/a/contacts/b"


async def _put_slowly(
    app: ASGIApp, key: str, timer: FakeTimer, *, body_seconds: float
) -> list[Message]:
    raw = json.dumps({"nickname": "Bobby"}).encode()
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
    sent: list[Message] = []
    given = False

    async def receive() -> Message:
        nonlocal given
        if not given:
            given = True
            timer.advance(body_seconds)
            return {"type": "http.request", "body": raw, "more_body": False}
        await asyncio.Event().wait()  # the client stays until the app has answered
        raise AssertionError("unreachable")

    async def send(message: Message) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent


def _status(sent: list[Message]) -> int:
    status: int = sent[0]["status"]
    return status


async def test_a_request_that_waited_its_budget_before_auth_answers_conflict(
    app: FastAPI, running: ASGIApp, tenant: dict[str, str], timer: FakeTimer
) -> None:
    budget: float = app.state.settings.step_budget_seconds
    sent = await _put_slowly(running, tenant["app_key"], timer, body_seconds=budget + 1)
    assert _status(sent) == 409
    body = json.loads(b"".join(m.get("body", b"") for m in sent[1:]))
    assert body["code"] == "conflict"


async def test_a_request_within_its_budget_is_answered(
    running: ASGIApp, tenant: dict[str, str], timer: FakeTimer
) -> None:
    sent = await _put_slowly(running, tenant["app_key"], timer, body_seconds=0.1)
    assert _status(sent) == 201
