"""Query parameters a route does not declare are refused, as unknown body fields are: a client
that sends ``?q=bo`` to a list that has no search must not believe it searched.

Every route gets :func:`refuse_unknown_query_params` as an application dependency."""

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute


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
    # async: a plain function would be sent to the thread pool on every request.
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
