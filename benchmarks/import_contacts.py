"""Prints figures, asserts nothing: ``.venv/bin/python -m benchmarks.import_contacts --rows N``.

1. Generates N contacts held by a few hundred users (an NDJSON file).
2. Starts ``relationships serve`` in a child process (the embedded backend, or ``--mongodb-uri``)
   and imports the file through the CLI's engine (``service.cli.importer.run``: the file
   streamed, batches sent over HTTP, checkpoint written), timing each request and the whole
   from the first byte read to the last answer, summing the ``x-db-round-trips`` the service
   reports, and meanwhile asking ``/healthz`` every 50 ms (its latency percentiles show whether
   the server keeps answering while it imports).
3. Writes the same rows, as the same upserts, with ``bulk_write`` through the driver module on the
   same backend (for the embedded one, a fresh in-memory store of the same kind in this process;
   for MongoDB, another database of the same server), in batches of the service's batch size.

The ratio (import rows/s over bulk_write rows/s) is the figure that matters: a noisy shared
machine shifts both sides alike. The embedded mock has no real indexes (every query is one pass
over the collection), so its absolute speed says nothing about MongoDB.
"""

import argparse
import asyncio
import io
import json
import multiprocessing
import multiprocessing.synchronize
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from beanie import PydanticObjectId
from rich.console import Console

from indexes import RelationshipIndex
from indexes.sync import sync_indexes
from models.enums import RelationshipStatus, RelationshipType
from models.relationship import ContactMetadata, UserRelationship
from service.cli.checkpoint import Checkpoint
from service.cli.import_client import Answer, Sender
from service.cli.importer import Options, run
from service.cli.sources import FileFormat
from service.core.clock import SystemClock
from service.core.data.database import Upsert, connect, count_round_trips
from service.core.settings import Settings
from service.importer.rules import ImportMode

OPERATOR = "bench-operator-token-0123456789abcdef"  # the service wants 32 characters at least
HEALTH_EVERY_SECONDS = 0.05


def generate(path: Path, rows: int, users: int) -> list[dict[str, str]]:
    rng = random.Random(20261122)
    found = []
    with path.open("w") as out:
        for i in range(rows):
            row = {
                "user_id": f"user{i % users}",
                "target_user_id": f"contact{i}",
                "nickname": f"Contact {i}",
                "notes": "met at " + rng.choice(["work", "school", "the gym", "a party"]),
                "source": "imported",
            }
            out.write(json.dumps(row) + "\n")
            found.append(row)
    return found


class ServerDied(RuntimeError):
    """The served child process exited; the message carries the end of its log."""


@contextmanager
def served(mongodb_uri: str | None, database: str, batch: int | None) -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "RELATIONSHIPS_OPERATOR_TOKEN": OPERATOR,
        "RELATIONSHIPS_DEMO_TENANT": "false",
        "RELATIONSHIPS_DATABASE_NAME": database,
        "RELATIONSHIPS_RATE_LIMIT_PER_SECOND": "0",
        "RELATIONSHIPS_LOG_LEVEL": "warning",
    }
    env.pop("MONGODB_URI", None)
    env.pop("RELATIONSHIPS_IMPORT_BATCH_SIZE", None)
    if batch is not None:
        env["RELATIONSHIPS_IMPORT_BATCH_SIZE"] = str(batch)
    if mongodb_uri:
        env["MONGODB_URI"] = mongodb_uri
    command = [sys.executable, "-m", "service.cli.main", "serve", "--port", str(port)]
    with tempfile.TemporaryFile("w+") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"

        def died() -> ServerDied:
            log.seek(0)
            tail = "".join(log.readlines()[-20:])
            return ServerDied(f"the server exited ({process.returncode}):\n{tail}")

        try:
            while True:
                if process.poll() is not None:
                    raise died()
                try:
                    if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            yield base
            if process.poll() is not None:
                raise died()
        finally:
            process.terminate()
            process.wait(timeout=30)


def _probe_health(base: str, stop: "multiprocessing.synchronize.Event", out: Any) -> None:
    """In a process of its own (so the client's work cannot delay it): ask ``/healthz`` every
    50 ms until told to stop, then send back every answer's latency."""
    seconds = []
    with httpx.Client(base_url=base, timeout=60) as http:
        http.get("/healthz").raise_for_status()
        out.send("ready")  # the import starts now: what follows is measured during it
        while not stop.is_set():
            started = time.perf_counter()
            http.get("/healthz").raise_for_status()
            seconds.append(time.perf_counter() - started)
            stop.wait(HEALTH_EVERY_SECONDS)
    out.send(seconds)


@dataclass
class HealthProbe:
    """Latencies of ``/healthz`` asked every 50 ms, by a separate process, while in use."""

    base: str
    seconds: list[float] = field(default_factory=list)

    def __enter__(self) -> "HealthProbe":
        context = multiprocessing.get_context("spawn")
        self._stop = context.Event()
        self._answers, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_probe_health, args=(self.base, self._stop, sender))
        self._process.start()
        self._answers.recv()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self.seconds = self._answers.recv()
        self._process.join()

    def percentile(self, share: float) -> float:
        if len(self.seconds) < 2:
            return self.seconds[0] if self.seconds else 0.0
        return statistics.quantiles(self.seconds, n=100, method="inclusive")[int(share) - 1]


@dataclass
class TimedSender(Sender):
    """The CLI's sender, timing each request (one batch of rows)."""

    batch_seconds: list[float] = field(default_factory=list)

    def send(self, ndjson: bytes) -> Answer:
        started = time.perf_counter()
        answer = super().send(ndjson)
        self.batch_seconds.append(time.perf_counter() - started)
        rows, seconds = ndjson.count(b"\n") + 1, self.batch_seconds[-1]
        print(
            f"  request {len(self.batch_seconds):4d}: {rows:6,} rows {seconds:7.2f} s", flush=True
        )
        return answer


def import_through_cli(base: str, file: Path, batch: int) -> tuple[float, int, list[float]]:
    """Seconds, database round trips and seconds per request of the CLI's import of ``file``."""
    created = httpx.post(
        f"{base}/v1/operator/tenants",
        json={"tenant_id": "bench", "name": "Bench"},
        headers={"Authorization": f"Bearer {OPERATOR}"},
    )
    headers = {"Authorization": f"Bearer {created.json()['app_key']}"}
    options = Options(file, FileFormat.NDJSON, batch, ImportMode.MERGE, False, None)
    checkpoint, _ = Checkpoint.open(file.with_suffix(".checkpoint"), {"bench": True})
    quiet = Console(file=io.StringIO())
    timeout = httpx.Timeout(600.0, connect=10.0)
    with httpx.Client(base_url=base, headers=headers, timeout=timeout) as http:
        sender = TimedSender(http, "merge", dry_run=False)
        summary = run(sender, options, checkpoint, quiet)
    if summary.counts.created != summary.counts.received:
        raise RuntimeError(f"not every row was created: {summary}")
    return summary.seconds, summary.round_trips, sender.batch_seconds


async def bulk_write_baseline(
    rows: list[dict[str, str]], mongodb_uri: str | None, batch: int, *, drop: str
) -> tuple[float, int]:
    """The same upserts the import makes, with bulk_write alone: no HTTP, reads or events.

    On MongoDB it also drops the database the service imported into (``drop``).
    """
    database = f"bench_baseline_{uuid.uuid4().hex[:8]}"
    store = await connect(Settings(mongodb_uri=mongodb_uri, database_name=database))
    now = SystemClock().now()
    try:
        await sync_indexes(store.collections)
        with count_round_trips() as trips:
            started = time.perf_counter()
            for start in range(0, len(rows), batch):
                upserts = []
                for row in rows[start : start + batch]:
                    fields = {
                        k: v for k, v in row.items() if k not in {"user_id", "target_user_id"}
                    }
                    edge = UserRelationship(
                        id=PydanticObjectId(),
                        tenant_id="bench",
                        user_id=row["user_id"],
                        target_user_id=row["target_user_id"],
                        type=RelationshipType.CONTACT,
                        status=RelationshipStatus.ACTIVE,
                        metadata=ContactMetadata(**fields),
                        created_at=now,
                        updated_at=now,
                    )
                    document = edge.model_dump(by_alias=True, exclude={"revision_id", "id"})
                    key = {k: document[k] for k in ("tenant_id", "user_id", "target_user_id")}
                    query = {**key, "type": "contact", "_id": edge.id}
                    upserts.append(Upsert(query, {"$set": document}))
                await store.relationships.bulk_write(upserts, index=RelationshipIndex.PAIR)
            seconds = time.perf_counter() - started
        return seconds, trips.total
    finally:
        if not store.embedded:
            await store.client.drop_database(database)
            await store.client.drop_database(drop)
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--users", type=int, default=300, help="users holding the contacts")
    parser.add_argument("--batch", type=int, default=1000, help="CLI rows per request")
    parser.add_argument(
        "--server-batch", type=int, default=None, help="service batch size (default: the backend's)"
    )
    parser.add_argument("--mongodb-uri", default=None, help="measure this MongoDB instead")
    args = parser.parse_args()
    server_batch = args.server_batch or Settings(mongodb_uri=args.mongodb_uri).import_batch

    with tempfile.TemporaryDirectory() as scratch:
        file = Path(scratch) / "contacts.ndjson"
        rows = generate(file, args.rows, args.users)
        database = f"bench_import_{uuid.uuid4().hex[:8]}"
        with served(args.mongodb_uri, database, args.server_batch) as base:
            print(f"importing {args.rows:,} rows, {args.batch:,} per request:", flush=True)
            with HealthProbe(base) as health:
                seconds, trips, _ = import_through_cli(base, file, args.batch)
        base_seconds, base_trips = asyncio.run(
            bulk_write_baseline(rows, args.mongodb_uri, server_batch, drop=database)
        )

    backend = "MongoDB" if args.mongodb_uri else "embedded (mongomock: no real indexes)"
    print(f"backend: {backend}; {args.rows:,} rows for {args.users} users")
    print(f"batches: {args.batch} rows per request, {server_batch} per database batch (step)")
    for name, secs, count in (
        ("import through the CLI", seconds, trips),
        ("bulk_write alone      ", base_seconds, base_trips),
    ):
        print(
            f"{name}: {args.rows / secs:9,.0f} rows/s ({secs:7.1f} s), "
            f"{1000 * count / args.rows:6.1f} round trips per 1,000 rows"
        )
    print(f"  ratio (import / bulk_write rows/s): {base_seconds / seconds:5.2f}")
    print(
        f"/healthz during the import: {len(health.seconds)} answers, "
        f"p50 {1000 * health.percentile(50):6.1f} ms, p99 {1000 * health.percentile(99):6.1f} ms, "
        f"max {1000 * max(health.seconds, default=0.0):6.1f} ms"
    )


if __name__ == "__main__":
    main()
