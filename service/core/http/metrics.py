"""Prometheus metrics of the HTTP API, per route template (never the raw path) and status.

Every series carries a ``replica`` label (``RELATIONSHIPS_INSTANCE_NAME``, else the host name),
so the replicas behind one scrape target (a load balancer) stay apart. Under ``serve --workers
N`` each worker is its own process: ``serve`` points prometheus_client's multiprocess mode at
a directory (``PROMETHEUS_MULTIPROC_DIR``, made for the run when unset), every worker writes
its samples there, and ``/metrics``, whichever worker answers it, sums them all.
"""

import os
from pathlib import Path

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    GCCollector,
    Histogram,
    ProcessCollector,
    generate_latest,
    multiprocess,
)
from starlette.requests import Request
from starlette.responses import Response

UNMATCHED_ROUTE = "<unmatched>"  # one label for every path no route matched: bounded
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_DB_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"  # prometheus_client's own variable


def multiprocess_dir() -> Path | None:
    """Where the workers' samples are written, in multiprocess mode (read when
    prometheus_client is imported: ``serve`` sets it before the workers start)."""
    directory = os.environ.get(MULTIPROCESS_DIR)
    return Path(directory) if directory else None


def start_multiprocess_dir(directory: Path) -> None:
    """Empty ``directory`` of a previous run's samples (prometheus_client's advice), and use it
    for the workers about to start."""
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob("*.db"):
        stale.unlink()
    os.environ[MULTIPROCESS_DIR] = str(directory)


class Metrics:
    """One registry per application, so several apps in one process (tests) do not collide."""

    def __init__(self, *, replica: str) -> None:
        self.replica = replica
        self.registry = CollectorRegistry()
        self._multiprocess = multiprocess_dir() is not None
        if not self._multiprocess:  # per process: meaningless summed over workers
            ProcessCollector(registry=self.registry)
            GCCollector(registry=self.registry)
        by_status = ("replica", "method", "route", "status")
        self.requests = Counter(
            "relationships_http_requests",
            "HTTP requests answered.",
            by_status,
            registry=self.registry,
        )
        self.duration = Histogram(
            "relationships_http_request_duration_seconds",
            "Time from the request's arrival to the end of its response.",
            by_status,
            registry=self.registry,
        )
        self.db_round_trips = Counter(
            "relationships_db_round_trips",
            "Database round trips made by requests.",
            ("replica", "method", "route"),
            registry=self.registry,
        )
        self.db_duration = Histogram(
            "relationships_db_duration_seconds",
            "Time a request spent waiting for the database.",
            ("replica", "method", "route"),
            buckets=_DB_BUCKETS,
            registry=self.registry,
        )

    def observe(
        self,
        *,
        method: str,
        route: str | None,
        status: int,
        seconds: float,
        db_round_trips: int,
        db_seconds: float,
    ) -> None:
        # Labels come from a fixed set, never from what a client may vary freely.
        method = method if method in _METHODS else "OTHER"
        route = route or UNMATCHED_ROUTE
        replica = self.replica
        self.requests.labels(replica, method, route, status).inc()
        self.duration.labels(replica, method, route, status).observe(seconds)
        self.db_round_trips.labels(replica, method, route).inc(db_round_trips)
        self.db_duration.labels(replica, method, route).observe(db_seconds)

    async def endpoint(self, _: Request) -> Response:
        """``GET /metrics`` in the Prometheus text format: every worker's, in multiprocess mode."""
        registry = self.registry
        if self._multiprocess:
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
