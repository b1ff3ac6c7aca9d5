"""A step's budget over the wire, with transactions on: the runner, not the driver, retries.

The driver's ``with_transaction`` would retry a transient error by itself for up to 120 s; the
runner drives the transaction itself, so a step that keeps failing stops within its budget,
and a step that runs out of time is rolled back, never committed late. Time is the runner's
fake timer: nothing here depends on how fast the machine is.
"""

import dataclasses
from typing import Any

import pytest
from pymongo.errors import OperationFailure

from models.enums import EventAction
from models.relationship import ContactMetadata
from service.contacts import rules as contacts
from service.core.data.database import OUT_OF_TIME, Store
from service.core.data.pair import Pair
from service.core.data.repositories import EdgeRepository, EventRepository
from service.core.errors import Conflict
from service.core.steps.context import TenantContext
from service.core.steps.runner import ATTEMPTS, StepRunner
from tests.helpers import FakeTimer

pytestmark = pytest.mark.wire
BUDGET = 0.05


def bounded(ctx: TenantContext, store: Store, timer: FakeTimer) -> TenantContext:
    assert store.transactions is True
    return dataclasses.replace(ctx, runner=StepRunner(store, budget_seconds=BUDGET, timer=timer))


async def test_a_transient_error_is_retried_by_the_runner_within_its_budget(
    ctx: TenantContext, store: Store, timer: FakeTimer
) -> None:
    step_ctx = bounded(ctx, store, timer)
    attempts: list[int] = []

    async def transient(at_moment: TenantContext) -> None:
        attempts.append(1)
        await at_moment.guards.touch(["k"])  # a write in the transaction, then a failure
        raise OperationFailure(
            "transient", code=251, details={"errorLabels": ["TransientTransactionError"]}
        )

    with pytest.raises(Conflict):
        await step_ctx.runner.run(step_ctx, [("a", "b")], transient)
    assert 1 <= len(attempts) <= ATTEMPTS
    assert timer.seconds <= BUDGET


async def test_a_step_out_of_time_before_its_commit_is_rolled_back(
    ctx: TenantContext, store: Store, timer: FakeTimer, monkeypatch: pytest.MonkeyPatch
) -> None:
    step_ctx = bounded(ctx, store, timer)
    original = EventRepository.append

    async def slow_append(self: EventRepository, **fields: Any) -> Any:
        event = await original(self, **fields)
        timer.advance(1.0)  # the step's last write ends past its deadline: no commit
        return event

    monkeypatch.setattr(EventRepository, "append", slow_append)
    with pytest.raises(Conflict, match=OUT_OF_TIME):
        await contacts.save_contact(
            step_ctx, user_id="a", other_id="b", metadata=ContactMetadata(notes="late")
        )
    monkeypatch.setattr(EventRepository, "append", original)
    assert list(await ctx.edges.load_pair("a", "b")) == []
    assert await ctx.events.last(user_id="a", action=EventAction.CONTACT_SAVED) is None


async def test_a_write_past_the_deadline_is_refused_and_the_step_rolled_back(
    ctx: TenantContext, store: Store, timer: FakeTimer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The facade refuses the first write after the deadline: the step answers 409 and
    leaves nothing behind, however long its reads took."""
    step_ctx = bounded(ctx, store, timer)
    original = EdgeRepository.load_pair

    async def slow_load_pair(self: EdgeRepository, a: str, b: str) -> Pair:
        pair = await original(self, a, b)
        timer.advance(1.0)  # the read took longer than the whole budget
        return pair

    monkeypatch.setattr(EdgeRepository, "load_pair", slow_load_pair)
    with pytest.raises(Conflict, match=OUT_OF_TIME):
        await contacts.save_contact(
            step_ctx, user_id="a", other_id="b", metadata=ContactMetadata(notes="late")
        )
    monkeypatch.setattr(EdgeRepository, "load_pair", original)
    assert list(await ctx.edges.load_pair("a", "b")) == []
    assert await ctx.events.last(user_id="a", action=EventAction.CONTACT_SAVED) is None
