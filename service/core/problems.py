"""The one place errors become RFC 9457 problem+json responses."""

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from service.core.database import DatabaseUnreachable, DuplicateKeyError
from service.core.errors import Conflict, DomainError

log = logging.getLogger(__name__)
PROBLEM_MEDIA_TYPE = "application/problem+json"
_HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 401: "unauthenticated"}


def problem(
    status: int,
    code: str,
    title: str,
    detail: str,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body = {
        "type": f"urn:relationships:problem:{code}",
        "title": title,
        "status": status,
        "detail": detail,
    }
    body["code"] = code
    body.update(extra)
    return JSONResponse(
        jsonable_encoder(body), status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers
    )


class Problem(BaseModel):
    """RFC 9457 problem details, with the service's stable machine-readable ``code``."""

    type: str
    title: str
    status: int
    detail: str
    code: str
    errors: list[dict[str, Any]] | None = Field(
        default=None, description="The offending fields, on validation errors."
    )


def problem_schema(error: type[DomainError]) -> dict[str, Any]:
    """OpenAPI description of the problem a route may answer with."""
    return {
        "model": Problem,  # registers the schema under components
        "description": f"{error.title} (`{error.code}`)",
        "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


async def _domain_error(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, DomainError)
    return problem(error.status, error.code, error.title, error.detail, error.headers())


async def _validation_error(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    errors = [
        {"loc": list(item.get("loc", ())), "msg": item.get("msg", ""), "type": item.get("type", "")}
        for item in error.errors()
    ]
    return problem(
        422, "validation_error", "Invalid request", "The request has invalid fields.", errors=errors
    )


async def _http_error(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    code = _HTTP_CODES.get(error.status_code, "http_error")
    return problem(error.status_code, code, str(error.detail), str(error.detail))


async def _duplicate_key(request: Request, error: Exception) -> JSONResponse:
    # A duplicate outside any step (steps turn lost races into Conflict themselves).
    log.warning("duplicate key outside a step: %s", error)
    return await _domain_error(request, Conflict("Another request changed this; retry."))


async def _database_unreachable(_: Request, error: Exception) -> JSONResponse:
    log.error("database unreachable: %s", error)
    return problem(
        503, "database_unavailable", "Database unavailable", "The database could not be reached."
    )


async def _unexpected(_: Request, error: Exception) -> JSONResponse:
    log.exception("unhandled error", exc_info=error)
    return problem(500, "internal_error", "Internal error", "An unexpected error occurred.")


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(DuplicateKeyError, _duplicate_key)
    app.add_exception_handler(DatabaseUnreachable, _database_unreachable)
    app.add_exception_handler(Exception, _unexpected)
