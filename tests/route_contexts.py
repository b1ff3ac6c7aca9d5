"""Route contexts built once per test session instead of once per test's application.

FastAPI builds each included route's context (its dependencies, parameter and body models)
lazily, per application, on the first request that walks past it: about a quarter of a second of
CPU per new application, and every test makes a new application, so it was most of the suite's
time. A context depends only on its route and on how its router was included (prefix,
dependencies, limits...), never on the application, except for reading that application's
``dependency_overrides``, which no test uses (so the cache steps aside when one does).
Production builds each context once per process anyway; only the tests' many applications see
a difference, and every answer they get is the same.
"""

import dataclasses
from typing import Any

from fastapi import routing

_built: dict[str, Any] = {}
_original = routing._EffectiveRouteContext.from_api_route


def _from_api_route(
    cls: type, *, original_route: Any, include_context: Any
) -> Any:  # the signature of the one FastAPI version the locks pin
    provider = include_context.dependency_overrides_provider
    if getattr(provider, "dependency_overrides", None):
        return _original(original_route=original_route, include_context=include_context)
    # The repr names every function, router and model by identity, so two inclusions share a
    # key only when they are configured alike.
    key = repr(
        (
            id(original_route),
            dataclasses.replace(include_context, dependency_overrides_provider=None),
        )
    )
    context = _built.get(key)
    if context is None:
        context = _built[key] = _original(
            original_route=original_route, include_context=include_context
        )
    return context


def install() -> None:
    routing._EffectiveRouteContext.from_api_route = classmethod(_from_api_route)  # type: ignore[method-assign,assignment]
