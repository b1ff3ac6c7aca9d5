"""When a request arrived, and whether its client is still there.

:class:`Arrival` wraps the whole application, outside :class:`RequestObserver`:

- it records the request's arrival on the step runner's clock (``state["arrived_at"]``), from
  which the request's step budget counts: time spent queued before authentication is part of
  what the client waits;
- uvicorn does not cancel a handler whose client closed the connection, so it watches the ASGI
  ``receive`` channel for ``http.disconnect`` once the body has been read, and marks the
  request's :class:`Client` gone. The driver facade then stops the request's step before its
  next write or its commit (``ClientGone``, rolled back), and nothing is answered. A disconnect
  after the answer began (the server reports one when the answer is complete) changes nothing.
"""

import asyncio
from typing import Any

from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.core.data.database import Client, ClientGone, serving

ARRIVED_AT = "arrived_at"
# nginx's "client closed request": what the logs and metrics record; nobody receives it.
CLIENT_CLOSED_REQUEST = 499


class _Watch:
    """The request's ``receive`` channel, read on by a watcher once the body has been read
    (at once for a request without a body, which the app may never read)."""

    def __init__(self, receive: Receive, client: Client, *, bodiless: bool) -> None:
        self._receive = receive
        self._client = client
        self._watcher: asyncio.Task[Message] | None = None
        self._give_empty_body = bodiless
        self.answering = False
        if bodiless:
            self._watcher = asyncio.create_task(self._watch())

    async def receive(self) -> Message:
        if self._give_empty_body:  # the watcher takes the server's own (empty) body message
            self._give_empty_body = False
            return {"type": "http.request", "body": b"", "more_body": False}
        if self._watcher is not None:
            # The app listens too (for a disconnect, as a streaming answer does): share it.
            return await asyncio.shield(self._watcher)
        message = await self._receive()
        self._seen(message)
        if message["type"] == "http.request" and not message.get("more_body", False):
            self._watcher = asyncio.create_task(self._watch())
        return message

    async def _watch(self) -> Message:
        while True:
            message = await self._receive()
            self._seen(message)
            if message["type"] != "http.request":
                return message

    def _seen(self, message: Message) -> None:
        if message["type"] == "http.disconnect" and not self.answering:
            self._client.gone = True

    def stop(self) -> None:
        if self._watcher is not None:
            self._watcher.cancel()


def _bodiless(scope: Scope) -> bool:
    headers = Headers(scope=scope)
    return "transfer-encoding" not in headers and headers.get("content-length", "0") == "0"


async def _client_gone(_request: Any, _error: Exception) -> Response:
    return Response(status_code=CLIENT_CLOSED_REQUEST)


class Arrival:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        runner = getattr(scope["app"].state, "runner", None)
        if runner is not None:
            scope["state"] = {**(scope.get("state") or {}), ARRIVED_AT: runner.monotonic()}
        client = Client()
        watch = _Watch(receive, client, bodiless=_bodiless(scope))

        async def answer(message: Message) -> None:
            if message["type"] == "http.response.start":
                watch.answering = True
            if not client.gone:
                await send(message)

        try:
            with serving(client):
                await self.app(scope, watch.receive, answer)
        finally:
            watch.stop()


def install_client_gone(app: Any) -> None:
    """A step stopped because its client left answers nothing (see :class:`Arrival`)."""
    app.add_exception_handler(ClientGone, _client_gone)
