"""Every route declares the problems its code can raise (``service.core.http.declared``).

The served document lists what is declared; this test reads the code (``tests/raised.py``) and
fails when an endpoint or a dependency can raise a domain error its operation does not list,
naming the decorator to extend. It also fails when an endpoint declares an error nothing it runs
can raise (the declaration would promise an answer that never comes).
"""

import inspect
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute, iter_route_contexts

from service.app import create_app
from service.core.errors import DomainError
from service.core.http.declared import declared_by
from service.core.http.openapi import operation_problems
from service.core.settings import Settings
from tests.openapi_codes import declared_codes
from tests.raised import raised_in

APP = create_app(Settings(mongodb_uri=None))
DOCUMENT: dict[str, Any] = APP.openapi()


def _routes() -> list[Any]:
    return [
        route
        for route in iter_route_contexts(APP.routes)
        if isinstance(route.original_route, APIRoute) and route.include_in_schema
    ]


def _calls(route: Any) -> Iterator[Callable[..., Any]]:
    """The endpoint, then every dependency it runs (its routers' too)."""
    yield route.endpoint
    pending = list(route.dependant.dependencies)
    while pending:
        dependency = pending.pop(0)
        if dependency.call is not None:
            yield dependency.call
        pending += dependency.dependencies


ROOT = Path(__file__).resolve().parent.parent


def _where(function: Callable[..., Any]) -> str:
    target = inspect.unwrap(function)
    try:
        line = inspect.getsourcelines(target)[1]
        path = Path(inspect.getsourcefile(target) or "?").resolve()
    except (OSError, TypeError):
        return getattr(function, "__qualname__", repr(function))
    return f"{path.relative_to(ROOT)}:{line} ({target.__qualname__})"


def _advice(function: Callable[..., Any], names: list[str]) -> str:
    already = sorted(p.code for p in declared_by(function))
    if not already:
        return f"write @problems({', '.join(names)}) right above its def"
    return f"add {', '.join(names)} to its @problems(...) (it declares {already})"


def _operation(route: Any, method: str) -> dict[str, Any]:
    operation: dict[str, Any] = DOCUMENT["paths"][route.path_format][method.lower()]
    return operation


ROUTES = _routes()
OPERATIONS = [(route, method) for route in ROUTES for method in sorted(route.methods)]


def _id(case: tuple[Any, str]) -> str:
    route, method = case
    return f"{method} {route.path_format}"


def test_every_operation_is_checked() -> None:
    documented = sum(len(item) for item in DOCUMENT["paths"].values())
    assert len(OPERATIONS) == documented >= 60


@pytest.mark.parametrize("case", OPERATIONS, ids=[_id(c) for c in OPERATIONS])
def test_the_document_lists_what_the_code_can_raise(case: tuple[Any, str]) -> None:
    route, method = case
    listed = set(declared_codes(DOCUMENT, _operation(route, method)))
    missing: list[str] = []
    for call in _calls(route):
        unlisted = sorted(e.__name__ for e in raised_in(call) if e.code not in listed)
        if unlisted:
            missing.append(
                f"  {_where(call)} can raise {', '.join(unlisted)}: {_advice(call, unlisted)}"
            )
    assert not missing, (
        f"{method} {route.path_format} answers problems it does not declare "
        "(see service/core/http/declared.py):\n" + "\n".join(missing)
    )


@pytest.mark.parametrize("case", OPERATIONS, ids=[_id(c) for c in OPERATIONS])
def test_an_endpoint_declares_only_what_it_can_raise(case: tuple[Any, str]) -> None:
    route, _ = case
    can_raise = {e for call in _calls(route) for e in raised_in(call)}
    declared = {p for p in declared_by(route.endpoint) if isinstance(p, type)}
    never = sorted(e.__name__ for e in declared - can_raise if issubclass(e, DomainError))
    assert not never, f"{_where(route.endpoint)} declares {never}, which nothing it runs raises"


def test_the_document_is_the_declarations() -> None:
    """Each operation lists exactly what its endpoint, its dependencies and its shape declare."""
    for route, method in OPERATIONS:
        listed = declared_codes(DOCUMENT, _operation(route, method))
        assert listed == {p.code: p.status for p in operation_problems(route)}, route.path_format
