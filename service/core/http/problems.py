"""The one place errors become RFC 9457 problem+json responses."""

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import iter_route_contexts
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.body_limit import MAX_BODY_SIZE_SCOPE_KEY
from starlette.routing import Match

from service.core.data.database import (
    RETRY_AFTER_SECONDS,
    DatabaseDown,
    DatabaseUnreachable,
    DuplicateKeyError,
    OperationCancelled,
    client_gone,
)
from service.core.errors import Conflict, DomainError, NotFound, Unauthenticated
from service.core.http.request_id import request_urn

log = logging.getLogger(__name__)
PROBLEM_MEDIA_TYPE = "application/problem+json"


@dataclass(frozen=True)
class HttpProblem:
    """A problem the HTTP layer answers, beside the domain errors (``service.core.errors``)."""

    status: int
    code: str
    title: str


VALIDATION_ERROR = HttpProblem(422, "validation_error", "Invalid request")
# Not JSON we can read: bad bytes, nested too deep, a 5,000-digit number.
MALFORMED_BODY = HttpProblem(400, "malformed_body", "Unreadable request body")
METHOD_NOT_ALLOWED = HttpProblem(405, "method_not_allowed", "Method not allowed")
PAYLOAD_TOO_LARGE = HttpProblem(413, "payload_too_large", "Content too large")
URI_TOO_LONG = HttpProblem(414, "uri_too_long", "URI too long")
DATABASE_UNAVAILABLE = HttpProblem(503, "database_unavailable", "Database unavailable")
INTERNAL_ERROR = HttpProblem(500, "internal_error", "Internal error")
OTHER_HTTP_ERROR = HttpProblem(400, "http_error", "HTTP error")
HTTP_PROBLEMS = (
    VALIDATION_ERROR,
    MALFORMED_BODY,
    METHOD_NOT_ALLOWED,
    PAYLOAD_TOO_LARGE,
    URI_TOO_LONG,
    DATABASE_UNAVAILABLE,
    INTERNAL_ERROR,
    OTHER_HTTP_ERROR,
)
_HTTP_CODES = {
    400: MALFORMED_BODY.code,
    401: Unauthenticated.code,
    404: NotFound.code,
    405: METHOD_NOT_ALLOWED.code,
    413: PAYLOAD_TOO_LARGE.code,
}


def problem(
    status: int,
    code: str,
    title: str,
    detail: str,
    *,
    instance: str | None = None,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": f"urn:relationships:problem:{code}",
        "title": title,
        "status": status,
        "detail": detail,
    }
    if instance is not None:
        body["instance"] = instance
    body["code"] = code
    body.update(extra)
    all_headers = dict(headers or {})
    if status == 401:  # RFC 9110: every 401 names the scheme that would be accepted
        all_headers.setdefault("WWW-Authenticate", "Bearer")
    return JSONResponse(
        jsonable_encoder(body),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=all_headers,
    )


class Problem(BaseModel):
    """RFC 9457 problem details, with the service's stable machine-readable ``code``."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = Field(
        default=None, description="This request (`urn:request:<X-Request-ID>`), as logged."
    )
    code: str
    errors: list[dict[str, Any]] | None = Field(
        default=None, description="The offending fields, on validation errors."
    )


async def _domain_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, DomainError)
    return problem(
        error.status,
        error.code,
        error.title,
        error.detail,
        instance=request_urn(request),
        headers=error.headers,
        **error.extra,
    )


def _unreadable_body(request: Request, error: RequestValidationError) -> str | None:
    """Why the body could not be read as JSON, or None when it was read."""
    unreadable = [item for item in error.errors() if item.get("type") == "json_invalid"]
    if unreadable:
        reason = unreadable[0].get("ctx", {}).get("error") or unreadable[0].get("msg", "")
        return f"The request body is not readable JSON ({reason})."
    media_type = request.headers.get("content-type", "")
    sent_as_other = media_type and "json" not in media_type.lower()
    if sent_as_other and any(tuple(item.get("loc", ())) == ("body",) for item in error.errors()):
        # FastAPI reads a body as JSON only when it says it is JSON; it then fails as "not an
        # object", which would hide the actual mistake.
        return (
            f"The request body was sent as {media_type.split(';')[0].strip()}; send JSON with "
            "Content-Type: application/json."
        )
    return None


async def _validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    unreadable = _unreadable_body(request, error)
    if unreadable is not None:
        return problem(
            MALFORMED_BODY.status,
            MALFORMED_BODY.code,
            MALFORMED_BODY.title,
            unreadable,
            instance=request_urn(request),
        )
    errors = [
        {"loc": list(item.get("loc", ())), "msg": item.get("msg", ""), "type": item.get("type", "")}
        for item in error.errors()
    ]
    return problem(
        VALIDATION_ERROR.status,
        VALIDATION_ERROR.code,
        VALIDATION_ERROR.title,
        "The request has invalid fields.",
        instance=request_urn(request),
        errors=errors,
    )


def payload_too_large(limit: int | None, *, instance: str | None) -> JSONResponse:
    size = f" ({limit} bytes)" if limit is not None else ""
    return problem(
        PAYLOAD_TOO_LARGE.status,
        PAYLOAD_TOO_LARGE.code,
        PAYLOAD_TOO_LARGE.title,
        f"The request body is larger than this endpoint accepts{size}.",
        instance=instance,
    )


def uri_too_long(limit: int, *, instance: str | None) -> JSONResponse:
    return problem(
        URI_TOO_LONG.status,
        URI_TOO_LONG.code,
        URI_TOO_LONG.title,
        f"The request's path and query are longer than {limit} bytes.",
        instance=instance,
    )


def _allowed_methods(request: Request) -> str:
    """Every method the path answers to. Starlette's own ``Allow`` names only the first route
    that matched the path, and e.g. PUT and DELETE of one path are two routes here."""
    methods: set[str] = set()
    for route in iter_route_contexts(request.app.routes):
        if route.methods and route.matches(request.scope)[0] is not Match.NONE:
            methods |= route.methods
    return ", ".join(sorted(methods))


async def _http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    if error.status_code == 413:
        return payload_too_large(
            request.scope.get(MAX_BODY_SIZE_SCOPE_KEY), instance=request_urn(request)
        )
    headers = dict(error.headers or {})
    if error.status_code == 405:
        headers["Allow"] = _allowed_methods(request)
    code = _HTTP_CODES.get(error.status_code, OTHER_HTTP_ERROR.code)
    return problem(
        error.status_code,
        code,
        str(error.detail),
        str(error.detail),
        instance=request_urn(request),
        headers=headers,
    )


async def _duplicate_key(request: Request, error: Exception) -> JSONResponse:
    # A duplicate outside any step (steps turn lost races into Conflict themselves).
    log.warning("duplicate key outside a step: %s", error)
    return await _domain_error(request, Conflict("Another request changed this; retry."))


async def _database_unreachable(request: Request, error: Exception) -> JSONResponse:
    if isinstance(error, OperationCancelled) and client_gone():
        # The client gave up and went; its operation was abandoned, the database is fine.
        log.info("request abandoned by its client: %s", error)
    elif not isinstance(error, DatabaseDown):  # already logged once when it went down
        log.error("database unreachable: %s", error)
    store = getattr(request.app.state, "store", None)
    if store is not None:
        store.noticed(error)
    detail = str(error) if isinstance(error, DatabaseDown) else "The database could not be reached."
    return problem(
        DATABASE_UNAVAILABLE.status,
        DATABASE_UNAVAILABLE.code,
        DATABASE_UNAVAILABLE.title,
        detail,
        instance=request_urn(request),
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


async def _unexpected(request: Request, error: Exception) -> JSONResponse:
    log.exception("unhandled error", exc_info=error)
    return problem(
        INTERNAL_ERROR.status,
        INTERNAL_ERROR.code,
        INTERNAL_ERROR.title,
        "An unexpected error occurred.",
        instance=request_urn(request),
    )


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(DuplicateKeyError, _duplicate_key)
    app.add_exception_handler(DatabaseUnreachable, _database_unreachable)
    app.add_exception_handler(Exception, _unexpected)
