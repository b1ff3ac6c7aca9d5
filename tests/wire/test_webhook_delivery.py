"""Webhooks over the wire tier, with real processes and a real receiver:

* killed mid-change and then mid-delivery, the service delivers every committed event after a
  restart, and never one whose change did not commit (in both transaction modes);
* three processes delivering from one database (two servers and `relationships deliver`) send
  each event once in a normal run.
"""

import os
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from service.core.data.database import KILL_AFTER_WRITES_VARIABLE
from tests.helpers import OPERATOR_TOKEN, operator_headers, wait_until_up
from tests.wire.webhook_receiver import Received, receiving

pytestmark = pytest.mark.wire
DEADLINE_SECONDS = 90


def _environment(mongodb_uri: str, database: str, transactions: str) -> dict[str, str]:
    env = {**os.environ}
    env.pop("MONGODB_URI", None)
    return {
        **env,
        "RELATIONSHIPS_MONGODB_URI": mongodb_uri,
        "RELATIONSHIPS_DATABASE_NAME": database,
        "RELATIONSHIPS_TRANSACTIONS": transactions,
        "RELATIONSHIPS_DEMO_TENANT": "0",
        "RELATIONSHIPS_OPERATOR_TOKEN": OPERATOR_TOKEN,
        # Short budgets: the feed's horizon (two budgets and 1 s) and the leases come sooner.
        "RELATIONSHIPS_STEP_BUDGET_SECONDS": "2",
        "RELATIONSHIPS_LEASE_SECONDS": "5",
        "RELATIONSHIPS_WEBHOOK_TIMEOUT_SECONDS": "1",
        "RELATIONSHIPS_WEBHOOK_ALLOW_PRIVATE_TARGETS": "true",
        "RELATIONSHIPS_WEBHOOK_WORKER": "true",
    }


@contextmanager
def _serve(log: Path, env: dict[str, str]) -> Iterator[tuple[str, "subprocess.Popen[bytes]"]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "service.cli.main", "serve", "--port", str(port)]
    with log.open("w") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(f"{base}/healthz", process, log)
            yield base, process
        finally:
            if process.poll() is None:
                process.terminate()
            process.wait(timeout=10)


def _setup(base: str, url: str) -> tuple[str, str]:
    """A tenant with one webhook; answers its app key and admin key."""
    created = httpx.post(
        f"{base}/v1/operator/tenants",
        json={"tenant_id": "acme", "name": "Acme"},
        headers=operator_headers(),
    )
    assert created.status_code == 201, created.text
    key: str = created.json()["admin_key"]
    hook = httpx.post(
        f"{base}/v1/admin/webhooks", json={"url": url}, headers={"Authorization": f"Bearer {key}"}
    )
    assert hook.status_code == 201, hook.text
    return created.json()["app_key"], key


def _change(base: str, keys: tuple[str, str], i: int) -> bool:
    """One change; False when the server died under it. A 409 (the step ran out of its budget
    on a busy machine) is sent again, as a client would."""
    for _ in range(20):
        try:
            response = httpx.put(
                f"{base}/v1/users/u{i}/following/v{i}",
                headers={"Authorization": f"Bearer {keys[0]}"},
                timeout=30,
            )
        except httpx.TransportError:
            return False
        if response.status_code != 409:
            break
    assert response.status_code in (200, 201), response.text
    return True


def _feed(base: str, keys: tuple[str, str]) -> list[dict[str, Any]]:
    """Every event of the feed so far (committed, below its horizon)."""
    seen: list[dict[str, Any]] = []
    after: str | None = None
    while True:
        page = httpx.get(
            f"{base}/v1/events",
            params={"limit": 500, **({"after": after} if after else {})},
            headers={"Authorization": f"Bearer {keys[1]}"},
        ).json()
        seen += page["items"]
        after = page["next_cursor"]
        if not page["items"]:
            return seen


def _wait_for_all(base: str, keys: tuple[str, str], received: Received, at_least: int) -> list[str]:
    """Wait until every event of the feed has been received (and the feed has ``at_least``)."""
    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        feed = [e["event_id"] for e in _feed(base, keys)]
        if len(feed) >= at_least and set(feed) <= set(received.ids()):
            time.sleep(3)  # anything sent twice would arrive by now
            return feed
        time.sleep(0.5)
    pytest.fail(f"not delivered: {len(received.ids())} of {at_least}+ events")


@pytest.mark.parametrize("transactions", ["on", "off"])
def test_killed_mid_change_and_mid_delivery_nothing_is_lost_nothing_uncommitted_is_sent(
    mongodb_uri: str, tmp_path: Path, transactions: str
) -> None:
    env = _environment(mongodb_uri, f"hooks_{uuid.uuid4().hex[:8]}", transactions)
    with receiving() as (url, received):
        # 1. Killed by its own hand in the middle of a change (after its 40th data write).
        with _serve(tmp_path / "a.log", {**env, KILL_AFTER_WRITES_VARIABLE: "40"}) as (base, _):
            keys = _setup(base, url)
            made = 0
            while _change(base, keys, made):
                made += 1
            assert 0 < made < 40  # it died under a change
        # 2. Killed while its first delivery is at the receiver.
        received.armed = True
        with _serve(tmp_path / "b.log", env) as (base, process):
            received.victim = process.pid  # the events of step 1 are due at once
            process.wait(timeout=DEADLINE_SECONDS)
        assert not received.armed  # the kill happened, mid-delivery
        # 3. After a restart every committed event arrives, and nothing else.
        with _serve(tmp_path / "c.log", env) as (base, _):
            assert _change(base, keys, 200)
            feed = _wait_for_all(base, keys, received, at_least=made + 1)
            assert set(received.ids()) == set(feed)  # none that did not commit
            for message_id, payload in received.deliveries:
                assert payload["data"]["event_id"] == message_id


@contextmanager
def _delivering(log: Path, env: dict[str, str]) -> Iterator[None]:
    """`relationships deliver`: a delivery process of its own, beside the servers."""
    command = [sys.executable, "-m", "service.cli.main", "deliver"]
    with log.open("w") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
        try:
            yield
        finally:
            process.terminate()
            process.wait(timeout=10)


def test_three_processes_deliver_each_event_once(mongodb_uri: str, tmp_path: Path) -> None:
    """Two servers' workers and a `relationships deliver` on one database, in a normal run."""
    env = _environment(mongodb_uri, f"hooks_{uuid.uuid4().hex[:8]}", "on")
    with (
        receiving() as (url, received),
        _serve(tmp_path / "one.log", env) as (one, _),
        _serve(tmp_path / "two.log", env) as (two, _),
        _delivering(tmp_path / "deliver.log", env),
    ):
        keys = _setup(one, url)
        for i in range(20):
            assert _change(one if i % 2 else two, keys, i)
        feed = _wait_for_all(one, keys, received, at_least=20)
        counts = Counter(received.ids())
        assert set(counts) == set(feed)
        assert max(counts.values()) == 1, counts.most_common(3)
