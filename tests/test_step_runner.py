"""The step runner: names checked when a rule is decorated, and every step within its budget.

Time here is the runner's fake timer (tests/helpers.py ``FakeTimer``): it moves only by the
runner's own pauses and by the test, so no assertion depends on how busy the machine is.
"""

import dataclasses

import pytest

from models.relationship import ContactMetadata
from service.contacts import rules as contacts
from service.core.data.database import StaleWrite
from service.core.errors import Conflict
from service.core.steps.context import TenantContext
from service.core.steps.runner import ATTEMPTS, StepRunner, on_pair
from tests.helpers import FakeTimer


def test_on_pair_refuses_names_that_are_not_keyword_only_parameters() -> None:
    """A renamed parameter fails when the module is imported, not as a 500 at request time."""
    with pytest.raises(TypeError, match="'target' is not a keyword-only parameter"):

        @on_pair("requester", "target")
        async def renamed(ctx: TenantContext, *, requester: str, other: str) -> None: ...

    with pytest.raises(TypeError, match="'requester' is not a keyword-only parameter"):

        @on_pair("requester", "target")
        async def positional(ctx: TenantContext, requester: str, *, target: str) -> None: ...

    @on_pair("requester", "target")
    async def named(ctx: TenantContext, *, requester: str, target: str) -> None: ...


def _within(ctx: TenantContext, timer: FakeTimer, budget: float) -> TenantContext:
    runner = StepRunner(ctx.runner.store, budget_seconds=budget, timer=timer)
    return dataclasses.replace(ctx, runner=runner)


async def test_a_step_that_keeps_losing_answers_conflict_within_its_budget(
    ctx: TenantContext, timer: FakeTimer
) -> None:
    budget = 0.05  # shorter than the ten attempts' pauses could add up to
    bounded = _within(ctx, timer, budget)
    attempts: list[float] = []

    async def always_stale(at_moment: TenantContext) -> None:
        attempts.append(timer.seconds)
        raise StaleWrite("again")

    started = timer.seconds
    with pytest.raises(Conflict) as raised:
        await bounded.runner.run(bounded, [("a", "b")], always_stale)
    assert raised.value.headers == {"Retry-After": "1"}
    assert 1 <= len(attempts) <= ATTEMPTS
    assert timer.seconds - started <= budget  # paused, but never past the budget
    assert all(pause > 0 for pause in timer.pauses)


async def test_a_step_within_its_deadline_writes(ctx: TenantContext, timer: FakeTimer) -> None:
    bounded = _within(ctx, timer, 2.0)
    timer.advance(100)  # a command's step: its budget counts from its own start
    outcome = await contacts.save_contact(
        bounded, user_id="a", other_id="b", metadata=ContactMetadata(notes="in time")
    )
    assert outcome.created
    assert timer.pauses == []
