"""The full path template of the route that answered a request (``/v1/admin/users/{user_id}/...``).

``scope["route"]`` is the route as its own router declared it: a router included inside another
(the admin's on-behalf routes under ``/v1/admin``) gets the outer prefix only when included, so
its own ``path`` lacks it. FastAPI leaves the matched inclusion's context in the scope, and that
carries the whole path. (Walking every route context of the app instead would build every
route's dependencies on the first request: about a second per application.)
"""

from starlette.types import Scope

# Where FastAPI (0.16x) keeps the matched route's inclusion context in the scope: fastapi/routing.py
# `_FASTAPI_SCOPE_KEY` and `_FASTAPI_EFFECTIVE_ROUTE_CONTEXT_KEY`. tests/test_probe_issue14.py
# checks that an included route is logged under its whole path.
_FASTAPI_SCOPE_KEY = "fastapi"
_EFFECTIVE_ROUTE_CONTEXT_KEY = "effective_route_context"


def route_template(scope: Scope) -> str | None:
    """The matched route's whole path template; None when no route matched."""
    route = scope.get("route")
    if route is None:
        return None
    own: str | None = getattr(route, "path", None)
    context = scope.get(_FASTAPI_SCOPE_KEY, {}).get(_EFFECTIVE_ROUTE_CONTEXT_KEY)
    if getattr(context, "original_route", None) is not route:
        return own
    whole = getattr(context, "path", None)
    return whole if isinstance(whole, str) else own
