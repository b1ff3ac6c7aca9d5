"""The step runner: names checked when a rule is decorated, and every step within its budget.

Time here is the runner's fake timer (tests/helpers.py ``FakeTimer``): it moves only by the
runner's own pauses and by the test, so no assertion depends on how busy the machine is.
"""

import asyncio
import dataclasses

import pytest

from models.relationship import ContactMetadata
from service.contacts import rules as contacts
from service.core.data.database import GuardMode, StaleWrite
from service.core.errors import Conflict
from service.core.steps.context import RequestTimes, TenantContext
from service.core.steps.runner import ATTEMPTS, StepRunner, StepTimer, on_pair
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


def _one_slot(ctx: TenantContext, timer: StepTimer, budget: float = 2.0) -> TenantContext:
    runner = StepRunner(ctx.runner.store, budget_seconds=budget, timer=timer, concurrent_steps=1)
    return dataclasses.replace(ctx, runner=runner)


async def test_steps_beyond_the_processs_slots_wait_their_turn(
    ctx: TenantContext, timer: FakeTimer
) -> None:
    one = _one_slot(ctx, timer)
    order: list[str] = []
    first_began, first_may_end = asyncio.Event(), asyncio.Event()

    async def first(at: TenantContext) -> None:
        order.append("first began")
        first_began.set()
        await first_may_end.wait()
        order.append("first ended")

    async def second(at: TenantContext) -> None:
        order.append("second began")

    running = asyncio.create_task(one.runner.run(one, [("a", "b")], first))
    await first_began.wait()
    waiting = asyncio.create_task(one.runner.run(one, [("c", "d")], second))
    for _ in range(20):
        await asyncio.sleep(0)
    assert order == ["first began"]  # another pair, but no slot
    first_may_end.set()
    await asyncio.wait_for(asyncio.gather(running, waiting), timeout=30)
    assert order == ["first began", "first ended", "second began"]


async def test_a_step_whose_budget_ends_while_it_waits_for_a_slot_answers_conflict(
    ctx: TenantContext, timer: FakeTimer
) -> None:
    """The second request was sent a second before the first (it queued): its budget ends
    while the first step runs on within its own (which must commit, on the wire tier)."""
    budget = 2.0
    one = _one_slot(ctx, timer, budget)
    sent_earlier = dataclasses.replace(one, request=RequestTimes(sent_at=timer.seconds - 1.0))
    ran: list[str] = []
    first_began, first_may_end = asyncio.Event(), asyncio.Event()

    async def slow(at: TenantContext) -> None:
        first_began.set()
        await first_may_end.wait()
        timer.advance(1.0)  # past the second step's deadline, not the first's

    async def late(at: TenantContext) -> None:
        ran.append("late")

    running = asyncio.create_task(one.runner.run(one, [("a", "b")], slow))
    await first_began.wait()
    waiting = asyncio.create_task(sent_earlier.runner.run(sent_earlier, [("c", "d")], late))
    await asyncio.sleep(0)
    first_may_end.set()
    await asyncio.wait_for(running, timeout=30)
    with pytest.raises(Conflict):
        await asyncio.wait_for(waiting, timeout=30)
    assert ran == []


async def test_a_step_pausing_after_a_lost_race_lets_another_take_its_slot(
    ctx: TenantContext, timer: FakeTimer
) -> None:
    """The first step's pause lasts until the second step has run: were the slot kept through
    the pause, neither could go on (the wait_for's timeout then fails the test)."""
    second_done = asyncio.Event()

    async def pause_until_the_second_ran(seconds: float) -> None:
        timer.pauses.append(seconds)
        await second_done.wait()

    pausing = StepTimer(monotonic=timer.monotonic, sleep=pause_until_the_second_ran)
    one = _one_slot(ctx, pausing)
    attempts: list[str] = []
    first_began = asyncio.Event()

    async def loses_once(at: TenantContext) -> None:
        attempts.append("first")
        first_began.set()
        if len(attempts) == 1:
            raise StaleWrite("lost a race")

    async def second(at: TenantContext) -> None:
        attempts.append("second")
        second_done.set()

    running = asyncio.create_task(one.runner.run(one, [("a", "b")], loses_once))
    await first_began.wait()
    await asyncio.wait_for(
        asyncio.gather(running, one.runner.run(one, [("c", "d")], second)), timeout=30
    )
    assert attempts == ["first", "second", "first"]


async def test_a_step_that_would_get_its_turn_too_late_answers_conflict_at_once(
    ctx: TenantContext, timer: FakeTimer
) -> None:
    """Steps have lately held their slots for 1 s; a step with less than that left of its
    budget answers 409 at once when no slot is free, and runs when one is."""
    short = _one_slot(ctx, timer, budget=1.0)  # 0.9 s to run, less than a typical step
    short.runner.slots.typical_seconds = 1.0
    ran: list[str] = []
    first_began, first_may_end = asyncio.Event(), asyncio.Event()

    async def holding(at: TenantContext) -> None:
        first_began.set()
        await first_may_end.wait()

    async def short_step(at: TenantContext) -> None:
        ran.append("short")

    running = asyncio.create_task(short.runner.run(short, [("a", "b")], holding))
    await first_began.wait()
    with pytest.raises(Conflict):
        await short.runner.run(short, [("c", "d")], short_step)
    assert ran == []
    first_may_end.set()
    await asyncio.wait_for(running, timeout=30)
    await short.runner.run(short, [("c", "d")], short_step)  # a free slot: it runs
    assert ran == ["short"]


@pytest.mark.parametrize(
    ("mode", "last_first_write", "writes_end"),
    [(GuardMode.TRANSACTION, 0.8, 0.8), (GuardMode.LEASE, 0.6, 1.8)],
)
async def test_without_transactions_a_step_must_begin_writing_a_fifth_of_its_budget_earlier(
    ctx: TenantContext,
    timer: FakeTimer,
    monkeypatch: pytest.MonkeyPatch,
    mode: GuardMode,
    last_first_write: float,
    writes_end: float,
) -> None:
    """A step keeps a fifth of its budget for answering; without transactions also a fifth
    for finishing the writes it began (it cannot roll them back), which may run on to a
    second budget. Its waits and reads end when its first write must have begun."""
    budget = 10.0
    bounded = _within(ctx, timer, budget)
    monkeypatch.setattr(StepRunner, "mode", property(lambda _: mode))
    deadline = await bounded.runner._deadline(bounded)
    assert (deadline.at, deadline.writes_end) == pytest.approx(
        (last_first_write * budget, writes_end * budget)
    )
