"""One attempt at a step: a transaction driven by hand where the deployment has them, the
step's deadline, which no write and no commit may pass, and its request's client, whose leaving
stops the step the same way (nobody is left to hear how it ended).

The driver's ``with_transaction`` is not used: it retries transient errors by itself for up to
120 seconds, which no deadline of ours could bound. Here a transient error ends the attempt,
and the step runner (``service.core.steps.runner``) decides, within its budget, whether to run
the step again.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from service.core.data.database.errors import (
    OUT_OF_TIME,
    DatabaseError,
    lost_race,
    unknown_commit_result,
)
from service.core.data.database.timing import count
from service.core.errors import Conflict

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class Deadline:
    """When a step must have finished, on a monotonic clock (seconds).

    ``at``: no write starts and no commit is sent after it. Without transactions a step that has
    begun writing cannot be rolled back, so its later writes may go on until ``writes_end``
    (stopping half-way would leave the step half-done, as a crash does). ``driver_clock``:
    ``monotonic`` is the driver's own clock (``time.monotonic``), so each driver call of the
    step can be given the time left as its timeout (a test's fake clock cannot).
    """

    at: float
    writes_end: float
    monotonic: Callable[[], float]
    driver_clock: bool = False

    def remaining(self) -> float:
        return self.at - self.monotonic()

    def passed(self) -> bool:
        return self.remaining() <= 0


class ClientGone(Exception):
    """The request's client closed its connection before the step committed: nothing is
    answered, and the step is rolled back (or, without transactions, never started writing)."""


@dataclass
class Client:
    """The running request's client: ``gone`` once its connection closed before an answer."""

    gone: bool = False


@dataclass
class _Fence:
    deadline: Deadline
    wrote: bool = False


_session: ContextVar[Any] = ContextVar("session", default=None)
_fence: ContextVar[_Fence | None] = ContextVar("write_fence", default=None)
_client: ContextVar[Client | None] = ContextVar("client", default=None)
_bound: ContextVar[Deadline | None] = ContextVar("bound", default=None)


def current_session() -> Any:
    """The transaction's session the running step writes in (None: no transaction)."""
    return _session.get()


@contextmanager
def within(deadline: Deadline) -> Iterator[None]:
    """Every write of the block is refused once ``deadline`` has passed."""
    token = _fence.set(_Fence(deadline))
    try:
        yield
    finally:
        _fence.reset(token)


@contextmanager
def bounded(deadline: Deadline) -> Iterator[None]:
    """The block's driver calls end by ``deadline.at`` though they are not the step's writes
    (its lease waits)."""
    token = _bound.set(deadline)
    try:
        yield
    finally:
        _bound.reset(token)


def time_left() -> float | None:
    """How long the running step's next driver call may take (None: no bound): until its
    deadline. The facade hands it to the driver as the call's timeout, so no call of a step
    outlasts its budget, however slow the database. Not once a step without a transaction has
    begun writing: a write cut short on our side may still land on the server, and the step
    would answer 409 (which says nothing changed) with its change half made and its lease given
    back. Such a step finishes, and ``before_write`` stops its writes at ``writes_end``."""
    fence = _fence.get()
    if fence is not None:
        deadline = fence.deadline
        if not deadline.driver_clock or (fence.wrote and _session.get() is None):
            return None
        return deadline.at - deadline.monotonic()
    bound = _bound.get()
    return None if bound is None or not bound.driver_clock else bound.remaining()


@contextmanager
def serving(client: Client) -> Iterator[None]:
    """The block serves ``client``: its steps stop before a write or commit once it has gone."""
    token = _client.set(client)
    try:
        yield
    finally:
        _client.reset(token)


def client_gone() -> bool:
    """Whether the running request's client has gone."""
    client = _client.get()
    return client is not None and client.gone


@contextmanager
def unfenced() -> Iterator[None]:
    """Writes that are not the step's (its leases' bookkeeping), which the runner bounds."""
    token = _fence.set(None)
    try:
        yield
    finally:
        _fence.reset(token)


def before_write() -> None:
    """Called by the collection facade before each write: refuse one past the deadline."""
    fence = _fence.get()
    if fence is None:
        return
    deadline = fence.deadline
    # Without a transaction a step that began writing finishes (it cannot be rolled back).
    finishing = fence.wrote and _session.get() is None
    if not finishing and client_gone():
        raise ClientGone
    limit = deadline.writes_end if finishing else deadline.at
    if deadline.monotonic() >= limit:
        raise Conflict(OUT_OF_TIME)
    fence.wrote = True


def _before_commit() -> None:
    fence = _fence.get()
    if fence is None:
        return
    if client_gone():
        raise ClientGone
    if fence.deadline.passed():
        raise Conflict(OUT_OF_TIME)


def _retire_server_session(session: Any) -> None:
    """Keep the driver from reusing this session's server session id.

    The wire test server keeps a failed commit's conflict on the server session, and the
    driver pools and reuses server sessions, so every later transaction on it would fail too.
    MongoDB has no such state; retiring the id there only costs a fresh one.
    """
    server_session = getattr(getattr(session, "delegate", session), "_server_session", None)
    if server_session is not None:
        server_session.mark_dirty()


async def _abort(session: Any) -> None:
    if not session.in_transaction:
        return
    try:
        await session.abort_transaction()
    except DatabaseError as error:  # the transaction ends with the session anyway
        log.info("aborting a transaction failed: %s", error)


async def _commit(session: Any) -> None:
    """Commit; again while the outcome is unknown (a commit is idempotent) and time is left."""
    while True:
        _before_commit()
        try:
            await session.commit_transaction()
        except DatabaseError as error:
            if not unknown_commit_result(error):
                raise
            log.info("commit outcome unknown; committing again: %s", error)
            continue
        count("commitTransaction")
        return


# Aborts of attempts whose step ends with them, finishing in the background: held here so
# that they are not collected half-way.
_ending: set[asyncio.Task[None]] = set()


async def _abort_and_end(session: Any) -> None:
    try:
        await _abort(session)
    finally:
        await session.__aexit__(None, None, None)


async def _work_and_commit(session: Any, work: Callable[[], Awaitable[T]]) -> T:
    token = _session.set(session)
    try:
        session.start_transaction()
        result = await work()
    finally:
        _session.reset(token)
    await _commit(session)
    return result


async def in_transaction(client: Any, work: Callable[[], Awaitable[T]]) -> T:
    """Run ``work`` once inside a transaction of its own, and commit it before the deadline.

    Any failure aborts the transaction; a lost race (see ``lost_race``) is left to the caller
    to run again, after the abort. Any other failure ends the step: it is answered at once and
    the abort finishes in the background (out of time, the step must not wait for a busy
    driver's thread to abort).
    """
    session = await client.start_session()
    try:
        result = await _work_and_commit(session, work)
    except BaseException as error:
        if isinstance(error, DatabaseError) and lost_race(error):
            _retire_server_session(session)
            await _abort_and_end(session)
        else:
            ending = asyncio.get_running_loop().create_task(_abort_and_end(session))
            _ending.add(ending)
            ending.add_done_callback(_ending.discard)
        raise
    await session.__aexit__(None, None, None)
    return result
