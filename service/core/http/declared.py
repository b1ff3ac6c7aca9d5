"""The problems an endpoint or a dependency answers with, declared beside it.

The OpenAPI document (``service.core.http.openapi``) lists for each operation exactly the
problems declared on its endpoint and on every dependency it runs, plus what the HTTP layer adds
by the route's shape (422 with parameters, 400 and 413 with a JSON body, 414 and 500 always).
Shared dependencies declare theirs once: the store (``database_unavailable``,
``indexes_missing``, ``conflict``), the credential check (``unauthenticated``,
``rate_limited``; ``insufficient_scope`` for admin keys), the feature switch
(``feature_disabled``). So a route declares only what its own rules add, in one line::

    @router.put("/blocks/{other_id}", response_model=BlockView, status_code=201)
    @problems(SelfRelationship)
    async def block(...) -> BlockView: ...

A route that answers 201 on creation also documents the 200 of "it already held", unless it
declares ``AlreadyExists`` (then a second call is a 409). Nothing reads code while serving;
``tests/test_declared_problems.py`` reads the rules' code and fails, naming the decorator line to
write, when a declaration misses a code the rules can raise.
"""

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
_DECLARED = "__problems__"


class ProblemKind(Protocol):
    """A domain error class or an ``HttpProblem``: what the OpenAPI document lists."""

    @property
    def status(self) -> int: ...

    @property
    def code(self) -> str: ...

    @property
    def title(self) -> str: ...


def problems(*kinds: ProblemKind) -> Callable[[F], F]:
    """Declare the problems ``function`` (an endpoint or a dependency) answers with."""

    def mark(function: F) -> F:
        setattr(function, _DECLARED, declared_by(function) | frozenset(kinds))
        return function

    return mark


def declared_by(function: Callable[..., Any]) -> frozenset[ProblemKind]:
    declared: frozenset[ProblemKind] = getattr(function, _DECLARED, frozenset())
    return declared
