"""Small typed helpers that drive the API the way a tenant application would."""

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from service.core.clock import truncate_to_millis
from service.core.steps.runner import StepTimer

OPERATOR_TOKEN = "operator-secret-for-tests-0123456789abcdef"
PROBLEM_JSON = "application/problem+json"


class FakeClock:
    """A clock the tests move by hand: mute expiry is checked without sleeping.

    It starts at the real now: a server's TTL monitor purges by real time, so a fake past
    would let it delete mutes that the test still considers in force.
    """

    def __init__(self) -> None:
        self.moment = truncate_to_millis(datetime.now(UTC))

    def now(self) -> datetime:
        self.moment += timedelta(milliseconds=1)  # distinct, increasing times per call
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += timedelta(**delta)


class FakeTimer(StepTimer):
    """The step runner's time, moved only by its own pauses and by the test: a step's budget
    never runs out because the machine is slow, and a wait (a tenant's deletion fence) takes
    no real time. Every pause is recorded."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.pauses: list[float] = []
        super().__init__(monotonic=self._monotonic, sleep=self._sleep)

    def _monotonic(self) -> float:
        return self.seconds

    async def _sleep(self, seconds: float) -> None:
        self.pauses.append(seconds)
        self.seconds += seconds
        await asyncio.sleep(0)

    def advance(self, seconds: float) -> None:
        self.seconds += seconds


def lost_race(response: httpx.Response) -> bool:
    """A 409 ``conflict``: the step lost every retry to racing requests and changed nothing.
    Any racing request may get it, so a test of a race accepts it and checks what it implies."""
    return response.status_code == 409 and response.json()["code"] == "conflict"


def operator_headers(token: str = OPERATOR_TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@dataclass
class Api:
    """A tenant's view of the service through one key."""

    client: httpx.AsyncClient
    key: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}

    async def call(self, method: str, path: str, json: Any = None, **params: Any) -> httpx.Response:
        return await self.client.request(
            method, path, json=json, params=params or None, headers=self.headers
        )

    async def ok(self, method: str, path: str, json: Any = None, **params: Any) -> Any:
        response = await self.call(method, path, json, **params)
        assert response.status_code in (200, 201, 204), response.text
        return response.json() if response.content else None

    async def request_friend(self, a: str, b: str) -> httpx.Response:
        return await self.call("POST", f"/v1/users/{a}/friend-requests", {"target_user_id": b})

    async def befriend(self, a: str, b: str) -> None:
        await self.ok("POST", f"/v1/users/{a}/friend-requests", {"target_user_id": b})
        await self.ok("POST", f"/v1/users/{b}/friend-requests/{a}/accept")

    async def follow(self, a: str, b: str) -> httpx.Response:
        return await self.call("PUT", f"/v1/users/{a}/following/{b}")

    async def block(self, a: str, b: str, **body: Any) -> httpx.Response:
        return await self.call("PUT", f"/v1/users/{a}/blocks/{b}", body or None)

    async def mute(self, a: str, b: str, **body: Any) -> httpx.Response:
        return await self.call("PUT", f"/v1/users/{a}/mutes/{b}", body or None)

    async def items(self, path: str, **params: Any) -> list[dict[str, Any]]:
        page = await self.ok("GET", path, **params)
        items: list[dict[str, Any]] = page["items"]
        return items

    async def other_ids(self, path: str, **params: Any) -> list[str]:
        return [item["user_id"] for item in await self.items(path, **params)]

    async def summary(self, viewer: str, *others: str) -> list[dict[str, Any]]:
        return await self.items(f"/v1/users/{viewer}/relationships", ids=",".join(others))

    async def history(self, user_id: str) -> list[dict[str, Any]]:
        return await self.items(f"/v1/users/{user_id}/history", limit=200)

    async def actions(self, user_id: str) -> list[str]:
        return [event["action"] for event in await self.history(user_id)]


def assert_problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["title"]
    assert body["detail"]
    assert body["type"].endswith(code)
    return body


START_TIMEOUT_SECONDS = 120  # a bound for a broken start, not a speed limit: a busy machine


def wait_until_up(url: str, process: "subprocess.Popen[bytes]", log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"`relationships serve` exited: {log.read_text()}")
        try:
            if httpx.get(url, timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"`relationships serve` did not answer in {START_TIMEOUT_SECONDS} s")


@contextmanager
def serving(log: Path, *options: str, **environment: str) -> Iterator[str]:
    """`relationships serve` as a user runs it: a real process on a free loopback port, on the
    embedded backend (unless ``environment`` names a database), with ``options``, logging to
    ``log``; yields its base URL once it answers."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "RELATIONSHIPS_OPERATOR_TOKEN": OPERATOR_TOKEN, **environment}
    env.pop("MONGODB_URI", None)
    command = [sys.executable, "-m", "service.cli.main", "serve", "--port", str(port), *options]
    with log.open("w") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(f"{base}/healthz", process, log)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=10)
