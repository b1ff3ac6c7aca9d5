"""Prometheus metrics of the HTTP API, per route template (never the raw path) and status."""

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    GCCollector,
    Histogram,
    ProcessCollector,
    generate_latest,
)
from starlette.requests import Request
from starlette.responses import Response

UNMATCHED_ROUTE = "<unmatched>"  # one label for every path no route matched: bounded
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_DB_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)


class Metrics:
    """One registry per application, so several apps in one process (tests) do not collide."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        ProcessCollector(registry=self.registry)
        GCCollector(registry=self.registry)
        by_status = ("method", "route", "status")
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
            ("method", "route"),
            registry=self.registry,
        )
        self.db_duration = Histogram(
            "relationships_db_duration_seconds",
            "Time a request spent waiting for the database.",
            ("method", "route"),
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
        self.requests.labels(method, route, status).inc()
        self.duration.labels(method, route, status).observe(seconds)
        self.db_round_trips.labels(method, route).inc(db_round_trips)
        self.db_duration.labels(method, route).observe(db_seconds)

    async def endpoint(self, _: Request) -> Response:
        """``GET /metrics`` in the Prometheus text format."""
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)
