"""Query parameters given more than once.

``?dry_run=1&dry_run=0`` would let the last value win silently (a dry run that writes), so a
parameter that takes one value and is given twice is a 422 naming it. Parameters declared as
lists may repeat. (Unknown parameters are refused beside this, by the same kind of check.)
"""

import typing
from collections import Counter

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute

_REPEATABLE = (list, set, frozenset, tuple)


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


def refuse_repeated_parameters(request: Request) -> None:
    """An application dependency: 422 when a single-valued query parameter is repeated."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    counts = Counter(key for key, _ in request.query_params.multi_items())
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
