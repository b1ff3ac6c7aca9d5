"""Query parameters a route does not read, or reads once but is given twice, are refused.

Unknown ones are refused as unknown body fields are: a client that sends ``?q=bo`` to a list
that has no search must not believe it searched. A repeated single-valued one
(``?dry_run=1&dry_run=0``) would let the last value win silently (a dry run that writes), so it
is a 422 naming it; parameters declared as lists may repeat. Every route gets
:func:`refuse_unknown_query_params` and :func:`refuse_repeated_parameters` as application
dependencies (both ``async``: a plain function would be sent to the thread pool on every
request).
"""

import typing
from collections import Counter

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute

_REPEATABLE = (list, set, frozenset, tuple)


def _query_params(dependant: Dependant) -> set[str]:
    names = {param.alias for param in dependant.query_params}
    for dependency in dependant.dependencies:
        names |= _query_params(dependency)
    return names


def declared_query_params(route: APIRoute) -> set[str]:
    """The query parameter names ``route`` reads, its dependencies' included (by alias): a walk
    of a few nodes, cheaper than a cache keyed on routes (which are not hashable)."""
    return _query_params(route.dependant)


async def refuse_unknown_query_params(request: Request) -> None:
    route = request.scope.get("route")
    if not isinstance(route, APIRoute) or not request.query_params:
        return
    unknown = sorted(set(request.query_params) - declared_query_params(route))
    if unknown:
        raise RequestValidationError(
            [
                {
                    "type": "extra_forbidden",
                    "loc": ("query", name),
                    "msg": "Unknown query parameter; this operation does not read it",
                }
                for name in unknown
            ]
        )


def _repeatable(annotation: object) -> bool:
    if typing.get_origin(annotation) in _REPEATABLE:
        return True
    return any(_repeatable(arg) for arg in typing.get_args(annotation))


def _single_valued(dependant: Dependant) -> set[str]:
    """The query parameters of ``dependant`` and its dependencies that take one value."""
    names: set[str] = set()
    pending = [dependant]
    while pending:
        current = pending.pop()
        for field in current.query_params:
            if not _repeatable(field.field_info.annotation):
                names.add(field.alias)
        pending += current.dependencies
    return names


async def refuse_repeated_parameters(request: Request) -> None:
    """422 when a single-valued query parameter is repeated."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute) or not request.query_params:
        return
    counts = Counter(key for key, _ in request.query_params.multi_items())
    if all(count == 1 for count in counts.values()):
        return
    repeated = sorted(
        name
        for name, count in counts.items()
        if count > 1 and name in _single_valued(route.dependant)
    )
    if repeated:
        raise RequestValidationError(
            [
                {
                    "loc": ("query", name),
                    "msg": "given more than once; this parameter takes one value",
                    "type": "repeated_parameter",
                }
                for name in repeated
            ]
        )
