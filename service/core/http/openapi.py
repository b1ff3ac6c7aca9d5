"""The OpenAPI document a client generator can use.

Each operation lists exactly the problems it can answer, derived, not declared by hand: the
domain errors its endpoint and every dependency it runs can raise (``service.core.http.raised``
reads them from the code), then what the HTTP layer adds (422 where it has parameters or a
body, 400/413 where it reads a body, 503 where it reaches the database, 414 and 500
everywhere). Every problem is
``application/problem+json`` with the one ``Problem`` schema, whose ``code`` is an enum of every
code the service has. A route that answers 201 on creation also documents the 200 it answers
when the same call already holds.
"""

import json
import re
from collections.abc import Iterator
from typing import Any, Protocol

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from starlette.routing import BaseRoute

from service.core.errors import AlreadyExists, Conflict, IndexesMissing, domain_errors
from service.core.http.problems import (
    DATABASE_UNAVAILABLE,
    HTTP_PROBLEMS,
    INTERNAL_ERROR,
    MALFORMED_BODY,
    PAYLOAD_TOO_LARGE,
    PROBLEM_MEDIA_TYPE,
    URI_TOO_LONG,
    VALIDATION_ERROR,
    Problem,
)
from service.core.http.raised import raised_in

PROBLEM_REF = "#/components/schemas/Problem"
_FASTAPI_VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError")


class ProblemKind(Protocol):
    @property
    def status(self) -> int: ...

    @property
    def code(self) -> str: ...

    @property
    def title(self) -> str: ...


def route_id(route: APIRoute) -> str:
    """``friends-send_request``: the domain's tag, then the endpoint's name."""
    return f"{route.tags[0]}-{route.name}" if route.tags else route.name


def _dependencies(dependant: Dependant) -> Iterator[Dependant]:
    for dependency in dependant.dependencies:
        yield dependency
        yield from _dependencies(dependency)


def operation_problems(route: Any, database: object) -> list[ProblemKind]:
    """Every problem ``route`` (an API route, as included: its routers' dependencies too) can
    answer. ``database`` is the dependency that hands out the
    store: an operation that runs it can find the database unavailable."""
    calls = [route.endpoint, *(d.call for d in _dependencies(route.dependant) if d.call)]
    found: dict[str, ProblemKind] = {}
    for call in calls:
        found.update({e.code: e for e in raised_in(call)})
    # VALIDATION_ERROR everywhere: every route refuses query parameters it does not declare.
    extra: list[ProblemKind] = [URI_TOO_LONG, INTERNAL_ERROR, VALIDATION_ERROR]
    if route.body_field is not None or "requestBody" in (route.openapi_extra or {}):
        extra += [MALFORMED_BODY, PAYLOAD_TOO_LARGE]
    if database in calls:
        # Conflict: a duplicate key met outside any step is answered as a lost race.
        extra += [DATABASE_UNAVAILABLE, IndexesMissing, Conflict]
    found.update({p.code: p for p in extra})
    return sorted(found.values(), key=lambda p: (p.status, p.code))


def _problem_response(problems: list[ProblemKind]) -> dict[str, Any]:
    return {
        "description": "; ".join(f"{p.title} (`{p.code}`)" for p in problems),
        "content": {
            PROBLEM_MEDIA_TYPE: {
                "schema": {"$ref": PROBLEM_REF},
                "examples": {
                    p.code: {
                        "summary": p.title,
                        "value": {
                            "type": f"urn:relationships:problem:{p.code}",
                            "title": p.title,
                            "status": p.status,
                            "detail": p.title + ".",
                            "code": p.code,
                        },
                    }
                    for p in problems
                },
            }
        },
    }


def all_codes() -> list[str]:
    return sorted({e.code for e in domain_errors()} | {p.code for p in HTTP_PROBLEMS})


def _components(schema: dict[str, Any]) -> None:
    schemas: dict[str, Any] = schema.setdefault("components", {}).setdefault("schemas", {})
    for name in _FASTAPI_VALIDATION_SCHEMAS:  # the service never answers in that shape
        schemas.pop(name, None)
    problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    problem["properties"]["code"] = {"$ref": "#/components/schemas/ProblemCode"}
    schemas["Problem"] = problem
    schemas["ProblemCode"] = {
        "type": "string",
        "enum": all_codes(),
        "title": "ProblemCode",
        "description": "The stable, machine-readable kind of a problem.",
    }


_GENERIC_PAGE = re.compile(r"^Page_(\w+?)(?:View)?_$")


def _readable_names(schema: dict[str, Any]) -> dict[str, Any]:
    """``FriendPage`` for pydantic's ``Page_FriendView_``, in the components and every $ref."""
    schemas: dict[str, Any] = schema.get("components", {}).get("schemas", {})
    renames = {
        old: f"{match.group(1)}Page"
        for old in schemas
        if (match := _GENERIC_PAGE.match(old)) and f"{match.group(1)}Page" not in schemas
    }
    if not renames:
        return schema
    for old, new in renames.items():
        schemas[new] = {**schemas.pop(old), "title": new}
    text = json.dumps(schema)
    for old, new in renames.items():
        text = text.replace(f'"#/components/schemas/{old}"', f'"#/components/schemas/{new}"')
    renamed: dict[str, Any] = json.loads(text)
    return renamed


def refine(schema: dict[str, Any], routes: list[BaseRoute], database: object) -> dict[str, Any]:
    """Rewrite the error responses of FastAPI's document as derived above."""
    by_operation: dict[tuple[str | None, str], Any] = {
        (route.path_format, method.lower()): route
        for route in iter_route_contexts(routes)
        if isinstance(route.original_route, APIRoute)
        for method in route.methods or ()
    }
    for path, item in schema.get("paths", {}).items():
        for method, operation in item.items():
            route = by_operation[(path, method)]
            responses = {s: r for s, r in operation["responses"].items() if int(s) < 400}
            created = responses.get("201")
            problems = operation_problems(route, database)
            if created is not None and AlreadyExists not in raised_in(route.endpoint):
                responses["200"] = {
                    **created,
                    "description": "It already held: the same state, and nothing was written.",
                }
            by_status: dict[int, list[ProblemKind]] = {}
            for problem in problems:
                by_status.setdefault(problem.status, []).append(problem)
            for status, group in by_status.items():
                responses[str(status)] = _problem_response(group)
            operation["responses"] = dict(sorted(responses.items()))
    _components(schema)
    return _readable_names(schema)
