"""Steps: a rule that reads, decides and writes, run as one unit by the :class:`StepRunner`.

Decorate the rule instead of handing a closure to a transaction, so that it reads top to
bottom. The whole rule runs again when it lost a race, so it must read the state it acts on
itself (it does: every rule starts by loading its pair).

    @on_pair("requester", "target")
    async def request_friendship(ctx, *, requester, target, message): ...

The runner is the one place that knows how racing steps are kept apart (the guard mode: a
guard written first in the transaction, a lease without transactions, nothing on the embedded
backend), how often and after what pause a step that lost a race runs again, which pairs and
users the running step holds, at what moment it acts, and when it must give up: every step has
a total time budget (``RELATIONSHIPS_STEP_BUDGET_SECONDS``), counted from its request's arrival
(before the request found its tenant live), after which it answers 409 ``conflict`` and writes
nothing more (the driver facade refuses writes and commits past the deadline, and once the
request's client has gone, when no new step starts either: see ``service.core.http.arrival``).
That bound is also what lets a
tenant be deleted while its requests are in flight (:meth:`StepRunner.fence`).
"""

import asyncio
import functools
import inspect
import logging
import random
import secrets
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Concatenate, ParamSpec, TypeVar

from service.core.clock import Clock
from service.core.data.database import (
    OUT_OF_TIME,
    ClientGone,
    Deadline,
    GuardMode,
    Store,
    bounded,
    client_gone,
    lost_race,
    unfenced,
    within,
)
from service.core.data.repositories import TenantRegistry
from service.core.data.repositories.pair_guards import (
    PairGuardRepository,
    pair_keys,
    tenant_key,
    user_key,
)
from service.core.errors import Conflict, SelfRelationship, Unauthenticated, raises
from service.core.steps.context import TenantContext, require_other

log = logging.getLogger(__name__)
P = ParamSpec("P")
T = TypeVar("T")
Rule = Callable[Concatenate[TenantContext, P], Awaitable[T]]
# A step's body: it receives the context at the step's own moment.
Step = Callable[[TenantContext], Awaitable[T]]

DEFAULT_BUDGET_SECONDS = 5.0
# Steps one process runs at once: a little over the driver's threads (Motor's are five per
# core), so they stay busy while a burst queues in arrival order instead of interleaving.
DEFAULT_CONCURRENT_STEPS = 16
# A step that lost a race runs again after a short random pause, as often as its budget allows
# (many racing steps on one pair need as many runs for the last of them); the count is a
# backstop, far above what a budget of a few seconds lets happen.
ATTEMPTS = 100
_FIRST_PAUSE_SECONDS = 0.005
_LONGEST_PAUSE_SECONDS = 0.2
# Waiting for a busy pair's lease.
_FIRST_LEASE_PAUSE_SECONDS = 0.002
_LONGEST_LEASE_PAUSE_SECONDS = 0.1
# The share of the budget kept for answering: a step stops this much before the budget ends,
# so that rolling back and sending its 409 still fit within it as the client counts, with the
# time a request spends in the process before the app sees it and after its answer leaves
# (under a burst of 200 on two busy cores, up to 0.35 s and 0.2 s: benchmarks/race_latency).
ANSWER_RESERVE_SHARE = 0.2
# Without transactions, the share kept for a step's writes: its deadline (the last moment it
# may begin writing, and everything before: waits, reads) comes this much earlier, since once
# begun its writes must end (they cannot be rolled back), on until ``writes_end``.
LEASE_WRITES_SHARE = 0.2
# What a tenant's deletion waits beyond the last moment an old request could write: the time
# a write sent just before its deadline may take to land.
FENCE_MARGIN_SECONDS = 1.0


def fence_seconds(budget_seconds: float) -> float:
    """How long after a tenant is marked deleting a request of it may still write: a budget
    from the last time the request found it live, one more for a lease-mode step finishing the
    writes it began (it cannot roll them back), and the margin."""
    return 2 * budget_seconds + FENCE_MARGIN_SECONDS


class StepTimer:
    """Where the runner's time comes from (tests inject a fake one, never the wall clock)."""

    def __init__(
        self,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.monotonic = monotonic
        self.sleep = sleep


class StepSlots:
    """At most ``size`` steps of the process run at once (None: no limit); the others wait
    their turn in arrival order.

    Under a burst (two hundred follows at once), steps that each run at speed answer in time,
    where hundreds interleaved would all reach their deadlines half done and answer 409. A step
    that would get its turn too late to finish answers 409 at once, when it asks, instead of at
    its deadline with the rest of the burst: it expects to wait a typical step's time (how long
    steps have held their slots lately) for each full round of the steps queued before it, and
    then to need one more. Nor does it wait past the last moment a typical step still fits, so
    the slot goes to a step that can finish. A step
    gives its slot back while it pauses (for a lease held elsewhere, or before running again
    after a lost race), so steps waiting on one busy pair or user never keep the others out.
    """

    # The weight of the latest step in the typical time (a moving average over about ten).
    _LATEST_WEIGHT = 0.1

    def __init__(self, size: int | None) -> None:
        self._size = size
        self._pool: _SlotPool | None = None
        self.typical_seconds = 0.0

    def _pool_here(self) -> "_SlotPool | None":
        if self._size is None:
            return None
        loop = asyncio.get_running_loop()
        if self._pool is None or self._pool.loop is not loop:  # a semaphore serves one loop
            self._pool = _SlotPool(loop, asyncio.BoundedSemaphore(self._size))
        return self._pool

    async def take(self, deadline: Deadline) -> "Slot | None":
        """Wait for a slot while a typical step still fits before ``deadline`` (then 409);
        the slot (None: no slots here)."""
        pool = self._pool_here()
        if pool is None:
            return None
        waiting = deadline.remaining() - self.typical_seconds
        if pool.semaphore.locked():
            rounds_before = (pool.waiting + 1) / (self._size or 1)
            if waiting - rounds_before * self.typical_seconds <= 0:
                raise Conflict(OUT_OF_TIME)
        pool.waiting += 1
        try:
            async with asyncio.timeout(max(0.0, waiting)):
                await pool.semaphore.acquire()
        except TimeoutError:
            raise Conflict(OUT_OF_TIME) from None
        finally:
            pool.waiting -= 1
        if deadline.passed():
            pool.semaphore.release()
            raise Conflict(OUT_OF_TIME)
        return Slot(pool, deadline.monotonic())

    def give_back(self, slot: "Slot", now: float) -> None:
        """``slot`` given back at ``now`` (to the semaphore it came from)."""
        slot.pool.semaphore.release()
        latest = max(0.0, now - slot.taken_at)
        self.typical_seconds += self._LATEST_WEIGHT * (latest - self.typical_seconds)


@dataclass
class _SlotPool:
    loop: asyncio.AbstractEventLoop
    semaphore: asyncio.BoundedSemaphore
    waiting: int = 0  # steps waiting for a slot


@dataclass(frozen=True)
class Slot:
    pool: _SlotPool
    taken_at: float


@dataclass
class _Running:
    """The step running in this task: what it holds, and until when it may run."""

    guards: PairGuardRepository
    deadline: Deadline
    holder: str = field(default_factory=lambda: secrets.token_hex(8))
    held: list[str] = field(default_factory=list)
    slot: Slot | None = None  # one of the process's step slots, while it holds one


_running: ContextVar[_Running | None] = ContextVar("running_step", default=None)
# Leases being given back after their steps answered: held so they are not collected half-way.
_releasing: set[asyncio.Task[None]] = set()


class StepRunner:
    """Runs every step of the service (one per process; the running step's state lives in the
    task that runs it, never on a shared object)."""

    def __init__(
        self,
        store: Store,
        *,
        clock: Clock | None = None,
        budget_seconds: float = DEFAULT_BUDGET_SECONDS,
        timer: StepTimer | None = None,
        concurrent_steps: int | None = DEFAULT_CONCURRENT_STEPS,
    ) -> None:
        self.store = store
        self.clock = clock  # where a step's moment comes from (None: the call's moment stays)
        self.budget_seconds = budget_seconds
        self.timer = timer or StepTimer()
        self.slots = StepSlots(concurrent_steps)

    @property
    def mode(self) -> GuardMode:
        return self.store.guard_mode

    def monotonic(self) -> float:
        return self.timer.monotonic()

    async def fence(self) -> None:
        """Wait until no request that found a tenant live before now can still write."""
        await self.timer.sleep(fence_seconds(self.budget_seconds))

    async def run(self, ctx: TenantContext, pairs: Iterable[tuple[str, str]], work: Step[T]) -> T:
        """Run ``work`` atomically where transactions are on, serialised with every other step
        on ``pairs`` (none: a step on no pair), again while it loses races and time is left."""
        keys = pair_keys(pairs)
        running = _running.get()
        if running is not None:
            return await self._inside(running, ctx, keys, work)
        if client_gone():  # nobody is left to answer: not even a lease is taken
            raise ClientGone
        running = _Running(ctx.guards, await self._deadline(ctx))
        running.slot = await self.slots.take(running.deadline)
        token = _running.set(running)
        try:
            if self.mode is GuardMode.LEASE and keys:
                await self._lease(running, keys)
            with within(running.deadline):
                return await self._attempts(running, ctx, keys, work)
        finally:
            if running.slot is not None:
                self.slots.give_back(running.slot, self.monotonic())
            _running.reset(token)
            if running.held:
                # Also when the request was cancelled: a lease is given back, not left to expire.
                # The answer does not wait for it (a busy driver may take a while to send it).
                with unfenced():
                    releasing = asyncio.get_running_loop().create_task(
                        running.guards.release(running.held, running.holder)
                    )
                _releasing.add(releasing)
                releasing.add_done_callback(_releasing.discard)

    async def hold_user(self, user: str) -> None:
        """Serialise the rest of the running step with every other step that holds ``user``
        (a count that must not be exceeded, like a cap): in the transaction, a write to the
        user's guard; without one, a lease on it held until the step ends."""
        await self._hold(user_key(user))

    async def hold_tenant(self, what: str) -> None:
        """As :meth:`hold_user`, for a count of the whole tenant (``what``: which one, like
        its webhooks)."""
        await self._hold(tenant_key(what))

    async def _hold(self, key: str) -> None:
        running = _running.get()
        if running is None:
            raise RuntimeError("a hold belongs inside a step")
        if self.mode is GuardMode.TRANSACTION:
            await running.guards.touch([key])
        elif self.mode is GuardMode.LEASE and key not in running.held:
            # Taken after the pairs, one at a time in sorted order (caps), so no two steps can
            # each hold what the other waits for.
            await self._lease(running, [key])

    async def _deadline(self, ctx: TenantContext) -> Deadline:
        """The step's deadline, counted from when its client finished sending the request, for
        a request's first step (queueing included), or from its own start, for a later step
        of a long request; and in any case from no later than when the request last found its
        tenant live (what a tenant's deletion waits for). It comes a fifth of the budget before
        the end, kept for answering, and without transactions a fifth earlier still, kept for
        the writes the step begins (``writes_end``)."""
        started = self.monotonic()
        client_since = started
        if ctx.request is not None and not ctx.request.stepped:
            ctx.request.stepped = True
            client_since = ctx.request.sent_at
        # What a step may spend before its deadline (less without transactions: see below);
        # one starting more than half of it after its tenant was last seen live looks again,
        # so that every step has at least half of it.
        usable = 1 - ANSWER_RESERVE_SHARE
        if self.mode is GuardMode.LEASE:
            usable -= LEASE_WRITES_SHARE
        live_since = ctx.admitted_at
        if live_since is not None and started - live_since > self.budget_seconds * usable / 2:
            if not await self._tenant_live(ctx.tenant_id):
                raise Unauthenticated("The key is unknown or was revoked.")
            live_since = started
        since = client_since if live_since is None else min(client_since, live_since)
        at = since + self.budget_seconds * usable
        if self.mode is GuardMode.LEASE:
            # Its writes, once begun, go on (they cannot be rolled back): until a budget after
            # its answer was due, as a tenant's deletion allows (``fence_seconds``).
            writes_end = since + self.budget_seconds * (2 - ANSWER_RESERVE_SHARE)
        else:
            writes_end = at
        return Deadline(
            at=at,
            writes_end=writes_end,
            monotonic=self.monotonic,
            driver_clock=self.timer.monotonic is time.monotonic,
        )

    async def _tenant_live(self, tenant_id: str) -> bool:
        tenant = await TenantRegistry(self.store.tenants).get(tenant_id)
        return tenant is not None and tenant.deleting_since is None

    async def _attempts(
        self, running: _Running, ctx: TenantContext, keys: Sequence[str], work: Step[T]
    ) -> T:
        for attempt in range(ATTEMPTS):
            if running.deadline.passed():
                raise Conflict(OUT_OF_TIME)
            try:
                return await self.store.attempt(lambda: self._once(ctx, keys, work))
            except Exception as error:
                if not lost_race(error):
                    raise
                log.info("concurrent change detected; running the step again: %s", error)
                if attempt == ATTEMPTS - 1:
                    raise Conflict("Concurrent requests changed this; retry.") from error
                pause = random.uniform(
                    0, min(_LONGEST_PAUSE_SECONDS, _FIRST_PAUSE_SECONDS * 2**attempt)
                )
                if pause >= running.deadline.remaining():
                    raise Conflict(OUT_OF_TIME) from error
                await self._pause(running, pause)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _once(self, ctx: TenantContext, keys: Sequence[str], work: Step[T]) -> T:
        if self.mode is GuardMode.TRANSACTION and keys:
            # First in the transaction: the step's snapshot starts after any step on these
            # pairs that committed before, and two steps on one pair write the same document.
            await ctx.guards.touch(keys)
        return await work(self._at_its_moment(ctx))

    async def _inside(
        self, running: _Running, ctx: TenantContext, keys: Sequence[str], work: Step[T]
    ) -> T:
        """A step inside a running step: part of it (the outer step runs again on a lost
        race), on pairs the outer step already holds."""
        if self.mode is GuardMode.LEASE and not set(keys) <= set(running.held):
            raise RuntimeError("a step inside a leased step may not take other pairs")
        return await self._once(ctx, keys, work)

    def _at_its_moment(self, ctx: TenantContext) -> TenantContext:
        """One step acts at one moment, taken once its pairs are guarded, so ids and times
        follow the order in which steps on a pair really happened."""
        return ctx if self.clock is None else ctx.at(self.clock.now())

    async def _lease(self, running: _Running, keys: Sequence[str]) -> None:
        """Take a lease on every one of ``keys`` (all or nothing), waiting while another step
        holds one, until the step's deadline."""
        pause = _FIRST_LEASE_PAUSE_SECONDS
        # The guards' bookkeeping is not the step's writes, but it is the step's time.
        with unfenced(), bounded(running.deadline):
            while True:
                remaining = running.deadline.remaining()
                if remaining <= 0:
                    raise Conflict("Other requests on the same users are still running; retry.")
                # Counted as held before it is asked for: a request cancelled half-way through
                # the call still gives back what it may have got.
                running.held += [k for k in keys if k not in running.held]
                if await running.guards.acquire(keys, running.holder):
                    return
                await self._pause(running, min(random.uniform(pause / 2, pause), remaining))
                pause = min(pause * 2, _LONGEST_LEASE_PAUSE_SECONDS)

    async def _pause(self, running: _Running, seconds: float) -> None:
        """Wait ``seconds`` without a step slot, then take one again (see :class:`StepSlots`)."""
        if running.slot is not None:
            self.slots.give_back(running.slot, self.monotonic())
            running.slot = None
        await self.timer.sleep(seconds)
        running.slot = await self.slots.take(running.deadline)


async def run_on_pairs(ctx: TenantContext, pairs: Iterable[tuple[str, str]], work: Step[T]) -> T:
    """Run ``work`` as one step serialised on many pairs at once (a batch, an erase)."""
    return await ctx.runner.run(ctx, pairs, work)


async def hold_user(ctx: TenantContext, user: str) -> None:
    """Inside a step: serialise the rest of it with every other step holding ``user``."""
    await ctx.runner.hold_user(user)


async def hold_tenant(ctx: TenantContext, what: str) -> None:
    """Inside a step: serialise the rest of it with every other step holding the tenant's
    ``what`` (a count of the whole tenant)."""
    await ctx.runner.hold_tenant(what)


def step(rule: Rule[P, T]) -> Rule[P, T]:
    """Run the rule atomically (one transaction where the deployment has them); a step that
    keeps losing races, or runs out of time, answers ``Conflict``."""

    @functools.wraps(rule)
    async def run(ctx: TenantContext, /, *args: P.args, **kwargs: P.kwargs) -> T:
        return await ctx.runner.run(ctx, (), lambda at_moment: rule(at_moment, *args, **kwargs))

    return raises(Conflict)(run)


def _require_keyword_only(rule: Callable[..., object], *names: str) -> None:
    parameters = inspect.signature(rule).parameters
    for name in names:
        parameter = parameters.get(name)
        if parameter is None or parameter.kind is not inspect.Parameter.KEYWORD_ONLY:
            raise TypeError(
                f"@on_pair: {name!r} is not a keyword-only parameter of {rule.__qualname__}"
            )


def on_pair(first: str, second: str) -> Callable[[Rule[P, T]], Rule[P, T]]:
    """Run the rule atomically and serialised on the pair of users named by two of its
    keyword-only parameters (checked here, when the rule is decorated): two steps on one pair
    never interleave, and a user is never paired with themselves."""

    def decorate(rule: Rule[P, T]) -> Rule[P, T]:
        _require_keyword_only(rule, first, second)

        @functools.wraps(rule)
        async def run(ctx: TenantContext, /, *args: P.args, **kwargs: P.kwargs) -> T:
            a, b = str(kwargs[first]), str(kwargs[second])
            require_other(a, b)  # seed 003's check constraint: a pair is two users
            return await ctx.runner.run(
                ctx, [(a, b)], lambda at_moment: rule(at_moment, *args, **kwargs)
            )

        return raises(Conflict, SelfRelationship)(run)

    return decorate


def holding(user: str) -> Callable[[Rule[P, T]], Rule[P, T]]:
    """Run the rule atomically, on no pair but holding the user named by its keyword argument
    ``user`` (see :func:`hold_user`): serialised with every other step that holds them, as a
    step that must not exceed a count of theirs needs."""

    def decorate(rule: Rule[P, T]) -> Rule[P, T]:
        _require_keyword_only(rule, user)

        @functools.wraps(rule)
        async def run(ctx: TenantContext, /, *args: P.args, **kwargs: P.kwargs) -> T:
            held = str(kwargs[user])

            async def work(at_moment: TenantContext) -> T:
                await hold_user(at_moment, held)
                return await rule(at_moment, *args, **kwargs)

            return await run_on_pairs(ctx, (), work)

        return raises(Conflict)(run)

    return decorate


__all__ = [
    "DEFAULT_CONCURRENT_STEPS",
    "StepRunner",
    "StepSlots",
    "StepTimer",
    "fence_seconds",
    "hold_tenant",
    "hold_user",
    "holding",
    "on_pair",
    "run_on_pairs",
    "step",
]
