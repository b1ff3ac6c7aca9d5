"""Steps: a rule that reads, decides and writes, run as one unit.

Decorate the rule instead of handing a closure to a transaction, so that it reads top to
bottom. The whole rule runs again when it lost a race, so it must read the state it acts on
itself (it does: every rule starts by loading its pair).

    @on_pair("requester", "target")
    async def request_friendship(ctx, *, requester, target, message): ...
"""

import functools
from collections.abc import Awaitable, Callable
from typing import Concatenate, ParamSpec, TypeVar

from service.core.errors import Conflict, SelfRelationship, raises
from service.core.steps.context import TenantContext, require_other

P = ParamSpec("P")
T = TypeVar("T")
Rule = Callable[Concatenate[TenantContext, P], Awaitable[T]]


def step(rule: Rule[P, T]) -> Rule[P, T]:
    """Run the rule atomically (one transaction where the deployment has them); a step that
    keeps losing races answers ``Conflict``."""

    @functools.wraps(rule)
    async def run(ctx: TenantContext, /, *args: P.args, **kwargs: P.kwargs) -> T:
        return await ctx.run_step(lambda fresh: rule(fresh, *args, **kwargs))

    return raises(Conflict)(run)


def on_pair(first: str, second: str) -> Callable[[Rule[P, T]], Rule[P, T]]:
    """Run the rule atomically and serialised on the pair of users named by two of its
    keyword arguments: two steps on one pair never interleave, and a user is never paired
    with themselves."""

    def decorate(rule: Rule[P, T]) -> Rule[P, T]:
        @functools.wraps(rule)
        async def run(ctx: TenantContext, /, *args: P.args, **kwargs: P.kwargs) -> T:
            a, b = str(kwargs[first]), str(kwargs[second])
            require_other(a, b)  # seed 003's check constraint: a pair is two users
            return await ctx.run_on_pair(a, b, lambda fresh: rule(fresh, *args, **kwargs))

        return raises(Conflict, SelfRelationship)(run)

    return decorate


def holding(user: str) -> Callable[[Rule[P, T]], Rule[P, T]]:
    """Run the rule atomically, on no pair but holding the user named by its keyword argument
    ``user`` (see ``TenantContext.hold_user``): serialised with every other step that holds
    them, as a step that must not exceed a count of theirs needs."""

    def decorate(rule: Rule[P, T]) -> Rule[P, T]:
        @functools.wraps(rule)
        async def run(ctx: TenantContext, /, *args: P.args, **kwargs: P.kwargs) -> T:
            held = str(kwargs[user])

            async def work(fresh: TenantContext) -> T:
                await fresh.hold_user(held)
                return await rule(fresh, *args, **kwargs)

            return await ctx.run_on_pairs([], work)

        return raises(Conflict)(run)

    return decorate
