"""``relationships import contacts`` against a live service, run as ``serve`` runs it."""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from service.cli.import_client import Sender
from service.cli.main import app as cli
from tests.helpers import OPERATOR_TOKEN, serving

# `serve` runs the embedded backend here; real processes make the module slow.
pytestmark = [pytest.mark.embedded_only, pytest.mark.slow]

OPERATOR = OPERATOR_TOKEN
runner = CliRunner()


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A `relationships serve` process on a free loopback port, for the whole module."""
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with serving(log, RELATIONSHIPS_DEMO_TENANT="0") as base:
        yield base


def tenant(base: str, name: str) -> dict[str, str]:
    created = httpx.post(
        f"{base}/v1/operator/tenants",
        json={"tenant_id": name, "name": name},
        headers={"Authorization": f"Bearer {OPERATOR}"},
    )
    assert created.status_code == 201, created.text
    keys: dict[str, str] = created.json()
    return keys


def contacts(base: str, key: str, user: str) -> list[dict[str, Any]]:
    response = httpx.get(
        f"{base}/v1/users/{user}/contacts",
        params={"limit": 200},
        headers={"Authorization": f"Bearer {key}"},
    )
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def import_args(file: Path, base: str, *extra: str) -> list[str]:
    return ["import", "contacts", str(file), "--url", base, *extra]


def test_csv_import_with_a_report(live: str, tmp_path: Path) -> None:
    key = tenant(live, "csvco")["app_key"]
    file = tmp_path / "contacts.csv"
    file.write_bytes(
        (
            "\ufeffuser_id,target_user_id,nickname,notes,source\r\n"
            'alice,bob,"Bob, the builder","met at the park, Sunday",search\r\n'
            'alice,carol,,"two\r\nlines",\r\n'
            "alice,alice,,,\r\n"
            "alice,dave,Dave,,fax\r\n"
            "alice,erin,Erin,,,extra\r\n"
        ).encode()
    )
    report = tmp_path / "out" / "report.json"
    env = {"RELATIONSHIPS_API_KEY": key}
    args = import_args(file, live, "--report", str(report), "--batch", "2")
    result = runner.invoke(cli, args, env=env)
    assert result.exit_code == 1, result.output  # some rows failed
    assert "5 rows: 2 created, 0 updated, 0 unchanged, 3 failed" in result.stdout
    written = json.loads(report.read_text())
    assert written["received"] == 5
    assert [(e["row"], e["code"]) for e in written["errors"]] == [
        (5, "self_relationship"),
        (6, "invalid_source"),
        (7, "invalid_row"),  # more cells than the header: found by the client
    ]
    assert not report.with_name("report.json.checkpoint").exists()
    saved = {c["user_id"]: c["metadata"] for c in contacts(live, key, "alice")}
    assert saved["bob"] == {
        "nickname": "Bob, the builder",
        "notes": "met at the park, Sunday",
        "source": "search",
        "imported_from": None,
    }
    assert saved["carol"]["notes"] == "two\r\nlines"  # a quoted line break is kept as it is

    again = runner.invoke(cli, [*args, "--mode", "replace", "--dry-run"], env=env)
    assert again.exit_code == 1
    assert (
        "0 created, 0 updated, 2 unchanged, 3 failed (dry run: nothing was written)" in again.stdout
    )


def test_usage_errors_and_refusals_exit_2(live: str, tmp_path: Path) -> None:
    file = tmp_path / "contacts.txt"
    file.write_text('{"user_id": "a", "target_user_id": "b"}\n')
    unknown = runner.invoke(cli, [*import_args(file, live), "--api-key", "k"])
    assert unknown.exit_code == 2
    assert "--format" in unknown.output
    args = [*import_args(file, live, "--format", "ndjson"), "--api-key", "rk_wrong"]
    refused = runner.invoke(cli, args)
    assert refused.exit_code == 2
    assert "401 unauthenticated" in refused.output
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        nowhere = f"http://127.0.0.1:{probe.getsockname()[1]}"
    args = [*import_args(file, nowhere, "--format", "ndjson", "--retries", "1"), "--api-key", "k"]
    unreachable = runner.invoke(cli, args)
    assert unreachable.exit_code == 2
    assert "retrying in 0.5 s" in unreachable.output
    assert "gave up after 2 attempts: ConnectError" in unreachable.output
    broken = tmp_path / "broken.json"
    broken.write_text('[{"user_id": "a"} {"user_id": "b"}]')
    key = tenant(live, "brokenco")["app_key"]
    result = runner.invoke(cli, [*import_args(broken, live), "--api-key", key])
    assert result.exit_code == 2
    assert "not a JSON array" in result.output
    mixed = tmp_path / "mixed.ndjson"
    mixed.write_text(
        '{"user_id": "a", "target_user_id": "b"}\n{"user_id": "a", "target_user_id": "a"}\n'
    )
    result = runner.invoke(cli, [*import_args(mixed, live), "--api-key", key])
    assert result.exit_code == 1  # without --report, the first failed rows are shown
    assert "self_relationship" in result.output


def test_interrupted_run_resumes_where_it_stopped(
    live: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = tenant(live, "resumeco")["app_key"]
    rows = [{"user_id": f"u{i % 3}", "target_user_id": f"t{i}"} for i in range(10)]
    file = tmp_path / "contacts.json"
    file.write_text(json.dumps(rows))
    report = tmp_path / "report.json"
    args = [*import_args(file, live, "--batch", "3", "--report", str(report)), "--api-key", key]
    original = Sender.send
    sent: list[bytes] = []

    def interrupted_after_two(self: Sender, ndjson: bytes) -> Any:
        if len(sent) == 2:
            raise KeyboardInterrupt
        sent.append(ndjson)
        return original(self, ndjson)

    monkeypatch.setattr(Sender, "send", interrupted_after_two)
    stopped = runner.invoke(cli, args)
    assert stopped.exit_code == 130
    assert "run the same command again" in stopped.output
    monkeypatch.setattr(Sender, "send", original)

    resumed = runner.invoke(cli, args)
    assert resumed.exit_code == 0, resumed.output
    assert "2 batches already done" in resumed.output
    assert "10 rows: 10 created" in resumed.stdout
    assert json.loads(report.read_text())["created"] == 10
    assert sum(len(contacts(live, key, f"u{i}")) for i in range(3)) == 10

    file.write_text(json.dumps(rows[:4]))  # another file: the old checkpoint is not resumed
    fresh = runner.invoke(cli, args)
    assert fresh.exit_code == 0
    assert "4 rows: 0 created, 0 updated, 4 unchanged" in fresh.stdout


@contextmanager
def passing_only(base: str, requests: int) -> Iterator[str]:
    """A loopback proxy to ``base`` that forwards the first ``requests`` POSTs and holds every
    later one unanswered until the block ends; yields its URL. An import through it stops after
    exactly that many batches, however fast or slow the machine is."""
    passed = 0
    counting = threading.Lock()
    released = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            nonlocal passed
            body = self.rfile.read(int(self.headers["content-length"]))
            with counting:
                forward = passed < requests
                passed += forward
            if not forward:
                released.wait(timeout=300)
                return  # the connection closes unanswered
            answer = httpx.post(
                f"{base}{self.path}",
                content=body,
                headers={k: v for k, v in self.headers.items() if k.lower() != "host"},
                timeout=120,
            )
            self.send_response(answer.status_code)
            for name, value in answer.headers.items():
                # httpx has decoded the body: its length and encoding are written anew
                framing = ("content-length", "content-encoding", "transfer-encoding", "connection")
                if name.lower() not in framing:
                    self.send_header(name, value)
            self.send_header("content-length", str(len(answer.content)))
            self.end_headers()
            self.wfile.write(answer.content)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    proxy = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    proxy.daemon_threads = True
    serving_thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    serving_thread.start()
    try:
        yield f"http://127.0.0.1:{proxy.server_address[1]}"
    finally:
        released.set()
        proxy.shutdown()
        proxy.server_close()


def batches_done(checkpoint: Path) -> int:
    try:
        return max(0, len(checkpoint.read_text().splitlines()) - 1)
    except FileNotFoundError:
        return 0


def test_killed_process_resumes_without_duplicates(live: str, tmp_path: Path) -> None:
    keys = tenant(live, "killco")
    rows = [json.dumps({"user_id": f"u{i % 30}", "target_user_id": f"t{i}"}) for i in range(600)]
    rows[100:100] = ["{not json"]
    rows[400:400] = [json.dumps({"user_id": "u1", "target_user_id": "u1"})]
    file = tmp_path / "contacts.ndjson"
    file.write_text("\n".join(rows) + "\n")
    report = tmp_path / "report.json"
    checkpoint = tmp_path / "report.json.checkpoint"

    def command(url: str) -> list[str]:
        args = import_args(file, url, "--batch", "20", "--report", str(report))
        return [sys.executable, "-m", "service.cli.main", *args]

    env = {**os.environ, "RELATIONSHIPS_API_KEY": keys["app_key"]}

    with passing_only(live, requests=3) as proxy:
        first = subprocess.Popen(
            command(proxy), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        # It stops, waiting on its fourth batch's answer; a generous bound ends a broken run.
        deadline = time.monotonic() + 120
        while batches_done(checkpoint) < 3 and time.monotonic() < deadline:
            assert first.poll() is None, "the import ended before it could be killed"
            time.sleep(0.01)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=60)
    assert first.returncode == -signal.SIGKILL
    assert batches_done(checkpoint) == 3

    second = subprocess.run(command(live), env=env, capture_output=True, text=True, timeout=300)
    assert second.returncode == 1, second.stdout + second.stderr  # the two bad rows
    assert "batches already done" in second.stderr
    written = json.loads(report.read_text())
    assert written["received"] == 602
    assert [(e["row"], e["code"]) for e in written["errors"]] == [
        (101, "invalid_row"),
        (401, "self_relationship"),
    ]
    # The batch cut off by the kill never reached the service: every row was created once.
    assert (written["created"], written["unchanged"]) == (600, 0)
    assert not checkpoint.exists()

    saved = [c["user_id"] for u in range(30) for c in contacts(live, keys["app_key"], f"u{u}")]
    assert sorted(saved) == sorted(f"t{i}" for i in range(600))
    events, cursor = [], None
    while True:
        page = httpx.get(
            f"{live}/v1/admin/history",
            params={"limit": 200, **({"cursor": cursor} if cursor else {})},
            headers={"Authorization": f"Bearer {keys['admin_key']}"},
        ).json()
        events += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len([e for e in events if e["action"] == "contact_saved"]) == 600


@pytest.mark.parametrize("url", ["localhost:8000", "127.0.0.1:8000", "ftp://host", "http://"])
def test_a_url_without_an_http_scheme_is_refused_at_once(url: str, tmp_path: Path) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text("user_id,target_user_id\na,b\n")
    result = runner.invoke(
        cli, ["import", "contacts", str(rows), "--url", url, "--api-key", "k", "--retries", "5"]
    )
    assert result.exit_code == 2, result.output
    assert "http://" in result.output
    assert "retrying" not in result.output
