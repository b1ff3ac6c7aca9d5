"""When a request arrived, and whether its client is still there.

:class:`Arrival` wraps the whole application, outside :class:`RequestObserver`:

- it records the request's times on the step runner's clock (``state["request_times"]``, a
  :class:`RequestTimes`): when the client finished sending it, from which the request's first
  step's budget counts. That is its arrival, moved on by the time spent waiting for body
  messages the server did not have yet: time queued before authentication is part of what
  the client waits, the time the client takes to upload a body is not;
- uvicorn does not cancel a handler whose client closed the connection, so it watches the ASGI
  ``receive`` channel for ``http.disconnect`` once the body has been read, and marks the
  request's :class:`Client` gone. The driver facade then stops the request's step before its
  next write or its commit (``ClientGone``, rolled back), answered 499 for the logs and metrics
  (the server drops what is sent to a closed connection). A disconnect after the answer began
  (the server reports one when the answer is complete) changes nothing.

The watcher never stands between the app and its body: it starts reading only after the app
has received the last body message, or, for a request without a body (which the app may never
read), after reading the server's one empty body message itself, which is complete when the
request arrives, and handing it to the app when asked. Every message it reads reaches the app.
"""

import asyncio
import time
from collections.abc import Callable
from typing import Any

from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.core.data.database import Client, ClientGone, serving
from service.core.steps.context import RequestTimes

REQUEST_TIMES = "request_times"
# nginx's "client closed request": what the logs and metrics record; nobody receives it.
CLIENT_CLOSED_REQUEST = 499


class _Watch:
    """The request's ``receive`` channel, shared between the app and a watcher."""

    def __init__(
        self,
        receive: Receive,
        client: Client,
        times: RequestTimes | None,
        monotonic: Callable[[], float],
    ) -> None:
        self._receive = receive
        self._client = client
        self._times = times
        self._monotonic = monotonic
        self._unread: Message | None = None  # read here before the app asked for it
        self._watcher: asyncio.Task[Message] | None = None
        self.answering = False

    async def read_empty_body(self) -> None:
        """A request without a body: its (empty) body message is there at once; read it now,
        keep it for the app, and watch from here on."""
        self._unread = await self._next()

    async def receive(self) -> Message:
        if self._unread is not None:
            message, self._unread = self._unread, None
            return message
        if self._watcher is not None:
            # The app listens too (for a disconnect, as a streaming answer does): share it.
            return await asyncio.shield(self._watcher)
        return await self._next()

    async def _next(self) -> Message:
        began = self._monotonic()
        message = await self._receive()
        if message["type"] == "http.request" and self._times is not None:
            # Waiting here is waiting for the client to send the body (a body already received
            # is handed over at once), which is not the service's time.
            self._times.sent_at += self._monotonic() - began
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
        monotonic: Callable[[], float] = time.monotonic if runner is None else runner.monotonic
        times = None if runner is None else RequestTimes(sent_at=monotonic())
        if times is not None:
            scope["state"] = {**(scope.get("state") or {}), REQUEST_TIMES: times}
        client = Client()
        watch = _Watch(receive, client, times, monotonic)

        async def answer(message: Message) -> None:
            if message["type"] == "http.response.start":
                watch.answering = True
            await send(message)

        try:
            if _bodiless(scope):
                await watch.read_empty_body()
            with serving(client):
                await self.app(scope, watch.receive, answer)
        finally:
            watch.stop()


def install_client_gone(app: Any) -> None:
    """A step stopped because its client left answers 499 (see :class:`Arrival`)."""
    app.add_exception_handler(ClientGone, _client_gone)
