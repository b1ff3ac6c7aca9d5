"""Which domain errors a function can raise, read from its code (for tests only: the served
OpenAPI document lists what the routes declare, ``service.core.http.declared``).

It reads a function's body for ``raise SomeError(...)`` (or ``SomeError(...)`` kept to be
raised later) and follows every call into the
service's own functions (rules, their helpers, dependencies), transitively: plain names, module
attributes (``rules.accept``), class attributes (``MuteEnd.resolve``) and methods of a parameter
or local whose annotation names the class (``ctx.require_enabled`` for ``ctx: AppContext``).
An error raised inside ``try`` and caught by one of its handlers does not count (unless the
handler raises again). What a decorator adds around a function (``errors.raises``) counts, and so
does the code of every wrapper of the chain (``functools.wraps``).
"""

import ast
import inspect
import textwrap
import types
import typing
from collections.abc import Callable, Iterator
from typing import Any

from service.core.errors import DomainError, raised_by

_OWN_PACKAGES = ("service.", "models.", "indexes.")
Errors = frozenset[type[DomainError]]


def _is_error(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, DomainError)


def _own(value: Any) -> bool:
    return callable(value) and (getattr(value, "__module__", None) or "").startswith(_OWN_PACKAGES)


def _classes(annotation: Any) -> list[type]:
    """The classes an annotation names: ``X``, ``X | None``, ``Optional[X]``."""
    if isinstance(annotation, type) and not isinstance(annotation, types.GenericAlias):
        return [annotation]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [a for arg in typing.get_args(annotation) for a in _classes(arg)]
    return []


class _Scope:
    """What the names in one function's body stand for."""

    def __init__(self, function: Callable[..., Any]) -> None:
        self.names: dict[str, Any] = dict(getattr(function, "__globals__", {}))
        if inspect.isfunction(function):
            self.names.update(inspect.getclosurevars(function).nonlocals)
        self.types: dict[str, list[type]] = {}
        try:
            hints = typing.get_type_hints(function)
        except Exception:  # an unresolvable annotation only hides methods from the walk
            hints = {}
        for name, annotation in hints.items():
            self.types[name] = _classes(annotation)

    def annotate(self, node: ast.AnnAssign) -> None:
        if isinstance(node.target, ast.Name):
            self.types[node.target.id] = _classes(self.resolve(node.annotation))

    def resolve(self, node: ast.expr) -> Any:
        """``name``, ``module.name``, ``Class.name`` or ``annotated_name.method``."""
        if isinstance(node, ast.Name):
            return self.names.get(node.id)
        if isinstance(node, ast.Attribute):
            if isinstance(node.value, ast.Name) and node.value.id in self.types:
                owners: list[Any] = self.types[node.value.id]
            else:
                owners = [self.resolve(node.value)]
            for owner in owners:
                if inspect.ismodule(owner) or isinstance(owner, type):
                    found = getattr(owner, node.attr, None)
                    if found is not None:
                        return found
        return None

    def handled(self, handler: ast.ExceptHandler) -> tuple[type, ...]:
        """The classes an ``except`` clause catches, unless it raises again."""
        if any(isinstance(n, ast.Raise) and n.exc is None for n in ast.walk(handler)):
            return ()
        kinds = handler.type
        nodes = kinds.elts if isinstance(kinds, ast.Tuple) else [kinds] if kinds else []
        return tuple(c for n in nodes if isinstance(c := self.resolve(n), type))


def _chain(function: Callable[..., Any]) -> Iterator[Callable[..., Any]]:
    """The function and every function it wraps."""
    seen: set[int] = set()
    current: Any = function
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = getattr(current, "__wrapped__", None)


def _in_nodes(nodes: list[ast.stmt] | list[ast.AST], scope: _Scope, itself: Any) -> set[Any]:
    found: set[Any] = set()
    for node in nodes:
        found |= _in_node(node, scope, itself)
    return found


def _in_node(node: ast.AST, scope: _Scope, itself: Any) -> set[Any]:
    found: set[Any] = set()
    if isinstance(node, ast.Try):
        caught = tuple(c for h in node.handlers for c in scope.handled(h))
        inner = _in_nodes(node.body, scope, itself)
        found |= {e for e in inner if not issubclass(e, caught)}
        for part in (*node.handlers, *node.orelse, *node.finalbody):
            found |= _in_node(part, scope, itself)
        return found
    if isinstance(node, ast.AnnAssign):
        scope.annotate(node)
    if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
        raised = scope.resolve(node.exc.func)
        if _is_error(raised):
            found.add(raised)
        elif _own(raised):  # raise make_error(...): what it returns
            returned: Any = typing.get_type_hints(raised).get("return")
            if _is_error(returned):
                found.add(returned)
    elif isinstance(node, ast.Call):
        called = scope.resolve(node.func)
        if _is_error(called):  # made to be raised: ``error = NotFound(...)``, then ``raise error``
            found.add(called)
        elif _own(called) and called is not itself:
            found |= raised_in(called)
    return found | _in_nodes(list(ast.iter_child_nodes(node)), scope, itself)


_known: dict[Any, Errors] = {}
_reading: set[Any] = set()


def raised_in(function: Callable[..., Any]) -> Errors:
    if function in _known:
        return _known[function]
    if function in _reading:  # recursion: what it raises is being gathered further up
        return frozenset()
    _reading.add(function)
    try:
        found = _read(function)
    finally:
        _reading.discard(function)
    _known[function] = found
    return found


def _read(function: Callable[..., Any]) -> Errors:
    found: set[type[DomainError]] = set()
    for layer in _chain(function):
        found |= raised_by(layer)
        if isinstance(layer, type):  # a constructor call: its methods are not what runs
            continue
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(layer)))
        except (OSError, TypeError, SyntaxError):
            continue
        found |= _in_nodes(tree.body, _Scope(layer), layer)
    return frozenset(found)
