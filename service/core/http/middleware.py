"""What every request leaves behind: its id, database cost, log line and metrics.

:class:`RequestObserver` wraps the whole application, outside FastAPI's own error and body-limit
middleware, so it sees every answer: the 500s that ``ServerErrorMiddleware`` sends and the plain
413 that Starlette's body limit sends on its own (turned into problem+json here).
"""

import time
from typing import Any

import structlog
from starlette.datastructures import Headers
from starlette.middleware.body_limit import MAX_BODY_SIZE_SCOPE_KEY
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.core.data.database import RoundTrips, count_round_trips
from service.core.http.metrics import Metrics
from service.core.http.problems import PROBLEM_MEDIA_TYPE, payload_too_large, uri_too_long
from service.core.http.request_id import REQUEST_ID_HEADER, request_id_from, request_urn
from service.core.http.route_templates import route_template

ROUND_TRIPS_HEADER = "x-db-round-trips"
log = structlog.stdlib.get_logger("relationships.request")


def _response_headers(request_id: str, trips: RoundTrips) -> list[tuple[bytes, bytes]]:
    return [
        (REQUEST_ID_HEADER.encode(), request_id.encode()),
        (ROUND_TRIPS_HEADER.encode(), str(trips.total).encode()),
        (b"server-timing", f"db;dur={trips.seconds * 1000:.2f}".encode()),
    ]


class RequestObserver:
    def __init__(self, app: ASGIApp, *, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        # request.state of every Request made from this scope: the auth dependency writes the
        # tenant id into it, the problem handlers read the request id. A copy of the lifespan
        # state, as ASGI means it to be: some servers (and test transports) pass one shared dict.
        state: dict[str, Any] = dict(scope.get("state") or {})
        scope["state"] = state
        request_id = request_id_from(Headers(scope=scope).get(REQUEST_ID_HEADER))
        state["request_id"] = request_id
        status = 500  # what the client gets if the application fails before it answers
        replacing = False

        with count_round_trips() as trips:

            async def observed_send(message: Message) -> None:
                nonlocal status, replacing
                if message["type"] == "http.response.start":
                    status = message["status"]
                    headers = Headers(raw=message.get("headers", []))
                    content_type = headers.get("content-type", "")
                    if status == 413 and not content_type.startswith(PROBLEM_MEDIA_TYPE):
                        # Starlette's body limit answered text/plain past our handlers.
                        replacing = True
                        answer = payload_too_large(
                            scope.get(MAX_BODY_SIZE_SCOPE_KEY), instance=f"urn:request:{request_id}"
                        )
                        raw = answer.raw_headers + _response_headers(request_id, trips)
                        await send({"type": "http.response.start", "status": 413, "headers": raw})
                        await send({"type": "http.response.body", "body": answer.body})
                        return
                    raw = list(message.get("headers", [])) + _response_headers(request_id, trips)
                    present = {name.lower() for name, _ in raw}
                    # The auth dependency's rate-limit headers, on every answer it limited
                    # (a 429 has them already, from its problem).
                    raw += [
                        (name.lower().encode(), value.encode())
                        for name, value in state.get("rate_limit_headers", {}).items()
                        if name.lower().encode() not in present
                    ]
                    message = {**message, "headers": raw}
                elif replacing and message["type"] == "http.response.body":
                    return  # the replaced plain-text body
                await send(message)

            try:
                await self.app(scope, receive, observed_send)
            finally:
                self._record(scope, state, status, time.perf_counter() - started, trips)

    def _record(
        self, scope: Scope, state: dict[str, Any], status: int, seconds: float, trips: RoundTrips
    ) -> None:
        # The route template, never the raw path: bounded for metrics, free of user ids in logs.
        route = route_template(scope)
        method: str = scope["method"]
        self.metrics.observe(
            method=method,
            route=route,
            status=status,
            seconds=seconds,
            db_round_trips=trips.total,
            db_seconds=trips.seconds,
        )
        emit = log.error if status >= 500 else log.info
        emit(
            "request",
            method=method,
            route=route,
            status=status,
            duration_ms=round(seconds * 1000, 2),
            db_round_trips=trips.total,
            db_ms=round(trips.seconds * 1000, 2),
            tenant_id=state.get("tenant_id"),
            request_id=state["request_id"],
        )


MAX_URL_BYTES = 8192


class UrlLengthLimit:
    """A URL over 8 KiB is a 414 problem before any routing. (Past about 64 KiB the HTTP server
    itself refuses the request line, before the application sees it.)"""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            length = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
            if length > MAX_URL_BYTES:
                answer = uri_too_long(MAX_URL_BYTES, instance=request_urn(HTTPConnection(scope)))
                await answer(scope, receive, send)
                return
        await self.app(scope, receive, send)
