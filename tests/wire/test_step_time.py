"""Each driver call of a step is bounded by the step's time left, over the wire tier.

The runner refuses writes and commits past a step's deadline, but a call already sent (a slow
read, a write waiting for one of Motor's threads or for a busy server) used to run on for as
long as it took: the race benchmark saw steps answer 409 tens of seconds after their budget.
Now the facade gives each call the step's time left as the driver's timeout. Deadlines here
are on the real clock (the driver's) and far from any edge: nothing depends on speed.
"""

import time
from collections.abc import Awaitable
from typing import Any

import pytest
from pymongo import _csot
from pymongo.errors import NetworkTimeout

from indexes import TenantIndex
from service.core.data.database import OUT_OF_TIME, Deadline, Store, within
from service.core.data.repositories import TenantRegistry
from service.core.errors import Conflict

pytestmark = pytest.mark.wire
LONG_SECONDS = 1000.0  # no call here comes near it


def _deadline(seconds_left: float) -> Deadline:
    at = time.monotonic() + seconds_left
    return Deadline(at=at, writes_end=at, monotonic=time.monotonic, driver_clock=True)


class _Driver:
    """The tenants collection's driver object: records the timeout each ``find_one`` carries
    when it is called (as Motor takes it into its thread), then makes the real call, or fails
    as a call that ran out of time does."""

    def __init__(self, real: Any, *, times_out: bool = False) -> None:
        self._real = real
        self._times_out = times_out
        self.timeouts: list[float | None] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def find_one(self, *args: Any, **kwargs: Any) -> Awaitable[Any]:
        return self._call("find_one", *args, **kwargs)

    def update_one(self, *args: Any, **kwargs: Any) -> Awaitable[Any]:
        return self._call("update_one", *args, **kwargs)

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Awaitable[Any]:
        self.timeouts.append(_csot.remaining())
        if self._times_out:
            return self._time_out()
        result: Awaitable[Any] = getattr(self._real, name)(*args, **kwargs)
        return result

    async def _time_out(self) -> None:
        raise NetworkTimeout("timed out")


def _driver(store: Store, monkeypatch: pytest.MonkeyPatch, **how: bool) -> _Driver:
    timed = store.tenants._raw  # the facade's timed wrapper around the driver's collection
    driver = _Driver(timed._target, **how)
    monkeypatch.setattr(timed, "_target", driver)
    return driver


async def test_a_steps_driver_call_carries_the_steps_time_left(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    driver = _driver(store, monkeypatch)
    registry = TenantRegistry(store.tenants)
    await registry.get("acme")  # no step: the driver's own timeouts only
    with within(_deadline(LONG_SECONDS)):
        await registry.get("acme")
    outside, inside = driver.timeouts
    assert outside is None
    assert inside is not None
    assert 0 < inside <= LONG_SECONDS


async def test_a_call_that_runs_out_of_its_steps_time_is_a_conflict_not_an_outage(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _driver(store, monkeypatch, times_out=True)
    with within(_deadline(LONG_SECONDS)), pytest.raises(Conflict) as refused:
        await TenantRegistry(store.tenants).get("acme")
    assert str(refused.value) == OUT_OF_TIME
    assert not store.outage.down


async def test_a_step_with_no_time_left_sends_nothing(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    driver = _driver(store, monkeypatch)
    with within(_deadline(-1)), pytest.raises(Conflict):
        await TenantRegistry(store.tenants).get("acme")
    assert driver.timeouts == []


async def test_a_step_without_a_transaction_is_not_cut_short_once_it_has_written(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write cut short on our side may still land on the server: a step without a transaction
    that has begun writing finishes (its writes stop at ``writes_end``), so from its first write
    on its calls carry no timeout, and a 409 never hides a change half made."""
    driver = _driver(store, monkeypatch)
    registry = TenantRegistry(store.tenants)
    with within(_deadline(LONG_SECONDS)):
        await registry.get("acme")
        await store.tenants.update_one(
            {"tenant_id": "nobody"}, {"$set": {"name": "x"}}, index=TenantIndex.TENANT_ID
        )
        await registry.get("acme")
    read, write, read_after = driver.timeouts
    assert read is not None
    assert (write, read_after) == (None, None)


async def test_a_step_without_a_transaction_that_has_begun_writing_writes_until_writes_end(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its first write starts by ``at`` (past it: 409, nothing sent), and once it has begun,
    the rest may go on until ``writes_end``. Time here is a clock the test moves."""
    driver = _driver(store, monkeypatch)
    now = [0.0]
    deadline = Deadline(at=5, writes_end=20, monotonic=lambda: now[0])

    async def write() -> None:
        await store.tenants.update_one(
            {"tenant_id": "nobody"}, {"$set": {"name": "x"}}, index=TenantIndex.TENANT_ID
        )

    now[0] = 6
    with within(deadline), pytest.raises(Conflict):
        await write()
    assert driver.timeouts == []  # nothing was sent
    now[0] = 4
    with within(deadline):
        await write()
        now[0] = 12  # past ``at``: a step that began writing finishes
        await write()
    assert len(driver.timeouts) == 2
