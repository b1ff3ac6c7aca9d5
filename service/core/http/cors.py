"""CORS for the browser clients of tenants, each allowing the origins its admin lists.

A preflight (``OPTIONS`` with ``Access-Control-Request-Method``) carries no credential, so it
is answered for an origin that any tenant lists; the request itself carries the user token,
and its tenant must list the origin (``service.core.http.user_tokens.admit_origin``), or it
is refused (403 ``origin_not_allowed``, without CORS headers). The allowed origin is echoed,
never ``*``, and credentials (cookies) are never allowed: a user token travels in the
``Authorization`` header.
"""

from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import HTTPConnection
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.core.data.database import Store
from service.core.data.repositories import TenantRegistry
from service.core.errors import OriginNotAllowed
from service.core.http.problems import problem
from service.core.http.request_id import request_urn
from service.core.http.user_tokens import CORS_ORIGIN_STATE

ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE"
ALLOWED_HEADERS = "authorization, content-type, x-request-id"
EXPOSED_HEADERS = (
    "retry-after, www-authenticate, x-request-id, ratelimit, ratelimit-policy, "
    "x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset"
)
PREFLIGHT_MAX_AGE_SECONDS = 600


class BrowserOrigins:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        if origin is None:
            await self.app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
            await self._preflight(scope, origin)(scope, receive, send)
            return
        state: dict[str, Any] = scope.setdefault("state", {})

        async def with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                response_headers = MutableHeaders(scope=message)
                response_headers.append("vary", "Origin")
                if state.get(CORS_ORIGIN_STATE) == origin:
                    response_headers["access-control-allow-origin"] = origin
                    response_headers["access-control-expose-headers"] = EXPOSED_HEADERS
            await send(message)

        await self.app(scope, receive, with_cors)

    async def _preflight_allowed(self, scope: Scope, origin: str) -> bool:
        store: Store = scope["app"].state.store
        return await TenantRegistry(store.tenants).lists_origin(origin.lower())

    def _preflight(self, scope: Scope, origin: str) -> ASGIApp:
        async def answer(scope: Scope, receive: Receive, send: Send) -> None:
            if not await self._preflight_allowed(scope, origin):
                refused = OriginNotAllowed(f"No tenant lists the origin {origin!r}.")
                response: Response = problem(
                    refused.status,
                    refused.code,
                    refused.title,
                    refused.detail,
                    instance=request_urn(HTTPConnection(scope)),
                    headers={"vary": "Origin"},
                )
            else:
                response = Response(
                    status_code=204,
                    headers={
                        "access-control-allow-origin": origin,
                        "access-control-allow-methods": ALLOWED_METHODS,
                        "access-control-allow-headers": ALLOWED_HEADERS,
                        "access-control-max-age": str(PREFLIGHT_MAX_AGE_SECONDS),
                        "vary": "Origin",
                    },
                )
            await response(scope, receive, send)

        return answer
