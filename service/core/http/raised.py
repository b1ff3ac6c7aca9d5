"""Which domain errors a function can raise, read from its code.

The OpenAPI document derives each operation's problems from this instead of a list kept by
hand: it reads the endpoint's body for ``raise SomeError(...)`` and follows every call into
the service's own functions (rules, their helpers, dependencies), transitively. What a
decorator adds around a function (``errors.raises``, e.g. a step's ``conflict``) counts too.
"""

import ast
import inspect
import textwrap
import typing
from collections.abc import Callable
from functools import cache
from typing import Any

from service.core.errors import DomainError, raised_by

_OWN_PACKAGES = ("service.", "models.", "indexes.")


def _is_error(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, DomainError)


def _own(value: Any) -> bool:
    return callable(value) and getattr(value, "__module__", "").startswith(_OWN_PACKAGES)


def _resolve(node: ast.expr, scope: dict[str, Any]) -> Any:
    """``name`` or ``module.name`` (``rules.accept``) as the function or class it names."""
    if isinstance(node, ast.Name):
        return scope.get(node.id)
    if isinstance(node, ast.Attribute):
        owner = _resolve(node.value, scope)
        return getattr(owner, node.attr, None) if inspect.ismodule(owner) else None
    return None


def _scope(function: Callable[..., Any]) -> dict[str, Any]:
    scope = dict(function.__globals__) if hasattr(function, "__globals__") else {}
    closure = inspect.getclosurevars(function) if inspect.isfunction(function) else None
    if closure is not None:
        scope.update(closure.nonlocals)
    return scope


@cache
def raised_in(function: Callable[..., Any]) -> frozenset[type[DomainError]]:
    found: set[type[DomainError]] = set(raised_by(function))
    target = inspect.unwrap(function)
    found |= raised_by(target)
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(target)))
    except (OSError, TypeError, SyntaxError):
        return frozenset(found)
    scope = _scope(target)
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            raised = _resolve(node.exc.func, scope)
            if _is_error(raised):
                found.add(raised)
            elif _own(raised):  # raise make_error(...): what it returns
                returned: Any = typing.get_type_hints(raised).get("return")
                if _is_error(returned):
                    found.add(returned)
        elif isinstance(node, ast.Call):
            called = _resolve(node.func, scope)
            if _own(called) and not _is_error(called) and called is not target:
                found |= raised_in(called)
    return frozenset(found)
