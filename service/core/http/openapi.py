"""The OpenAPI document a client generator can use.

Each operation lists exactly the problems declared on its endpoint and on every dependency it
runs (``service.core.http.declared``), then what the HTTP layer adds by the route's shape (422
where it has parameters or a body, 400/413 where it reads a JSON body, 414 and 500 everywhere).
Every problem is described once, under ``components/responses`` and ``components/examples``, by
its code; an operation refers to it, or, where several problems share a status, lists their
examples by reference under that status. Every problem is ``application/problem+json`` with the
one ``Problem`` schema, whose ``code`` is an enum of every code the service has. A parameter
several operations share is described once too, under ``components/parameters``. A route that
answers 201 on creation also documents the 200 it answers when the same call already holds.
"""

import json
import re
from collections.abc import Iterator
from typing import Any

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from starlette.routing import BaseRoute

from service.core.errors import AlreadyExists, domain_errors
from service.core.http.declared import ProblemKind, declared_by
from service.core.http.problems import (
    HTTP_PROBLEMS,
    INTERNAL_ERROR,
    MALFORMED_BODY,
    PAYLOAD_TOO_LARGE,
    PROBLEM_MEDIA_TYPE,
    URI_TOO_LONG,
    VALIDATION_ERROR,
    Problem,
)

PROBLEM_REF = "#/components/schemas/Problem"
RESPONSES_REF = "#/components/responses/"
EXAMPLES_REF = "#/components/examples/"
_FASTAPI_VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError")


def route_id(route: APIRoute) -> str:
    """``friends-send_request``: the domain's tag, then the endpoint's name."""
    return f"{route.tags[0]}-{route.name}" if route.tags else route.name


def _dependencies(dependant: Dependant) -> Iterator[Dependant]:
    for dependency in dependant.dependencies:
        yield dependency
        yield from _dependencies(dependency)


def operation_problems(route: Any) -> list[ProblemKind]:
    """Every problem ``route`` (an API route, as included: its routers' dependencies too) can
    answer: those declared on its endpoint and its dependencies, and the HTTP layer's."""
    calls = [route.endpoint, *(d.call for d in _dependencies(route.dependant) if d.call)]
    found: dict[str, ProblemKind] = {}
    for call in calls:
        found.update({p.code: p for p in declared_by(call)})
    # VALIDATION_ERROR everywhere: every route refuses query parameters it does not declare.
    extra: list[ProblemKind] = [URI_TOO_LONG, INTERNAL_ERROR, VALIDATION_ERROR]
    if route.body_field is not None or "requestBody" in (route.openapi_extra or {}):
        extra += [MALFORMED_BODY, PAYLOAD_TOO_LARGE]
    found.update({p.code: p for p in extra})
    return sorted(found.values(), key=lambda p: (p.status, p.code))


def _described(problem: ProblemKind) -> str:
    return f"{problem.title} (`{problem.code}`)"


def _examples(problems: list[ProblemKind]) -> dict[str, Any]:
    return {
        "schema": {"$ref": PROBLEM_REF},
        "examples": {p.code: {"$ref": EXAMPLES_REF + p.code} for p in problems},
    }


COMBINED = "_or_"  # joins the codes of a shared response for several problems of one status


def _status_response(problems: list[ProblemKind]) -> dict[str, Any]:
    """A reference to the problem's response, or to the shared response of several problems of
    one status (``unauthenticated_or_invalid_token``), written once under ``components``."""
    return {"$ref": RESPONSES_REF + COMBINED.join(sorted(p.code for p in problems))}


def _combined_response(problems: list[ProblemKind]) -> dict[str, Any]:
    """Several problems of one status: their examples, by reference."""
    return {
        "description": "; ".join(_described(p) for p in problems),
        "content": {PROBLEM_MEDIA_TYPE: _examples(problems)},
    }


def _combined_responses(schema: dict[str, Any]) -> None:
    """Write out each shared response the operations refer to, once."""
    every = all_problems()
    wanted = {
        answer["$ref"].removeprefix(RESPONSES_REF)
        for item in schema.get("paths", {}).values()
        for operation in item.values()
        for answer in operation["responses"].values()
        if answer.get("$ref", "").startswith(RESPONSES_REF)
    }
    responses = schema["components"]["responses"]
    for name in sorted(wanted):
        if COMBINED in name:
            responses[name] = _combined_response([every[c] for c in name.split(COMBINED)])
    schema["components"]["responses"] = dict(sorted(responses.items()))


def all_problems() -> dict[str, ProblemKind]:
    """Every problem the service has, by code (the HTTP layer's wording where a domain error
    shares its code, as ``payload_too_large`` does)."""
    found: dict[str, ProblemKind] = {e.code: e for e in domain_errors()}
    found.update({p.code: p for p in HTTP_PROBLEMS})
    return dict(sorted(found.items()))


def _components(schema: dict[str, Any]) -> None:
    components: dict[str, Any] = schema.setdefault("components", {})
    schemas: dict[str, Any] = components.setdefault("schemas", {})
    for name in _FASTAPI_VALIDATION_SCHEMAS:  # the service never answers in that shape
        schemas.pop(name, None)
    problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    problem["properties"]["code"] = {"$ref": "#/components/schemas/ProblemCode"}
    schemas["Problem"] = problem
    every = all_problems()
    schemas["ProblemCode"] = {
        "type": "string",
        "enum": list(every),
        "title": "ProblemCode",
        "description": "The stable, machine-readable kind of a problem.",
    }
    components["responses"] = {
        code: {"description": _described(p), "content": {PROBLEM_MEDIA_TYPE: _examples([p])}}
        for code, p in every.items()
    }
    components["examples"] = {
        code: {
            "summary": p.title,
            "value": {
                "type": f"urn:relationships:problem:{code}",
                "title": p.title,
                "status": p.status,
                "detail": p.title + ".",
                "code": code,
            },
        }
        for code, p in every.items()
    }


PARAMETERS_REF = "#/components/parameters/"


def _shared_parameters(schema: dict[str, Any]) -> None:
    """A parameter written the same in several operations (``user_id`` in a path, ``limit``,
    ...) is described once, under ``components/parameters``, and referred to."""
    operations = [o for item in schema.get("paths", {}).values() for o in item.values()]
    uses: dict[str, list[dict[str, Any]]] = {}
    for operation in operations:
        for parameter in operation.get("parameters", ()):
            uses.setdefault(json.dumps(parameter, sort_keys=True), []).append(parameter)
    repeated = [found[0] for found in uses.values() if len(found) > 1]
    names = [p["name"] for p in repeated]
    shared = {
        json.dumps(p, sort_keys=True): p["name"]
        if names.count(p["name"]) == 1
        else f"{p['name']}_{p['in']}"
        for p in repeated
    }
    if not shared:
        return
    schema["components"]["parameters"] = dict(
        sorted((name, json.loads(text)) for text, name in shared.items())
    )
    for operation in operations:
        if "parameters" in operation:
            operation["parameters"] = [
                {"$ref": PARAMETERS_REF + shared[key]}
                if (key := json.dumps(p, sort_keys=True)) in shared
                else p
                for p in operation["parameters"]
            ]


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


def _untitled_properties(node: Any) -> None:
    """Drop pydantic's property titles ("Created At" for ``created_at``): they only restate
    the name, and the document has a size budget (tests/test_openapi.py)."""
    if isinstance(node, dict):
        properties = node.get("properties")
        if isinstance(properties, dict):
            for value in properties.values():
                if isinstance(value, dict):
                    value.pop("title", None)
        for value in node.values():
            _untitled_properties(value)
    elif isinstance(node, list):
        for value in node:
            _untitled_properties(value)


def refine(schema: dict[str, Any], routes: list[BaseRoute]) -> dict[str, Any]:
    """Rewrite the error responses of FastAPI's document as declared (above)."""
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
            problems = operation_problems(route)
            if created is not None and AlreadyExists not in declared_by(route.endpoint):
                responses["200"] = {
                    **created,
                    "description": "It already held: the same state, and nothing was written.",
                }
            by_status: dict[int, list[ProblemKind]] = {}
            for problem in problems:
                by_status.setdefault(problem.status, []).append(problem)
            for status, group in by_status.items():
                responses[str(status)] = _status_response(group)
            operation["responses"] = dict(sorted(responses.items()))
    _untitled_properties(schema.get("components", {}).get("schemas", {}))
    _components(schema)
    _combined_responses(schema)
    _shared_parameters(schema)
    return _readable_names(schema)
