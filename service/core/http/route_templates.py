"""The full path template of the route that answered a request (``/v1/admin/users/{user_id}/...``).

``scope["route"]`` is the route as its own router declared it: a router included inside another
(the admin's on-behalf routes under ``/v1/admin``) gets the outer prefix only when included, so
its own ``path`` lacks it. The application's route contexts carry the whole path.
"""

import weakref
from typing import Any

from fastapi.routing import iter_route_contexts
from starlette.types import Scope

_templates: "weakref.WeakKeyDictionary[Any, dict[int, str]]" = weakref.WeakKeyDictionary()


def _of(app: Any) -> dict[int, str]:
    found = _templates.get(app)
    if found is None:
        found = {}
        for context in iter_route_contexts(getattr(app, "routes", [])):
            path = context.path
            if isinstance(path, str):
                found.setdefault(id(context.original_route), path)
        _templates[app] = found
    return found


def route_template(scope: Scope) -> str | None:
    """The matched route's whole path template; None when no route matched."""
    route = scope.get("route")
    if route is None:
        return None
    own: str | None = getattr(route, "path", None)
    app = scope.get("app")
    if app is None:
        return own
    return _of(app).get(id(route), own)
