"""Sending import batches to a running service, with retries.

Connection errors, 5xx and 429 answers are retried with exponential backoff (a ``Retry-After``
header, in seconds or as a date, is honoured). Sending a batch again is safe: the import is
idempotent, so a batch that reached the service before its answer was lost changes nothing the
second time. Any other error answer stops the run (:class:`ImportRejected`).
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

IMPORT_PATH = "/v1/import/contacts"
ROUND_TRIPS_HEADER = "x-db-round-trips"
_MAX_WAIT_SECONDS = 300.0


class ImportRejected(Exception):
    """The service refused the batch in a way that sending it again cannot fix."""


@dataclass(frozen=True)
class Answer:
    body: dict[str, Any]  # the service's import result
    round_trips: int  # database round trips the service reported for it


@dataclass
class Sender:
    http: httpx.Client
    mode: str
    dry_run: bool
    retries: int = 5
    backoff_seconds: float = 0.5
    sleep: Callable[[float], None] = time.sleep
    on_retry: Callable[[str, float], None] = lambda reason, wait: None

    def send(self, ndjson: bytes) -> Answer:
        params = {"mode": self.mode, "dry_run": str(self.dry_run).lower()}
        headers = {"content-type": "application/x-ndjson"}
        for attempt in range(self.retries + 1):
            wait = min(self.backoff_seconds * 2**attempt, _MAX_WAIT_SECONDS)
            try:
                response = self.http.post(
                    IMPORT_PATH, content=ndjson, params=params, headers=headers
                )
            except httpx.TransportError as error:
                reason = f"{type(error).__name__}: {error}"
            else:
                if response.status_code == 200:
                    trips = response.headers.get(ROUND_TRIPS_HEADER, "0")
                    return Answer(response.json(), int(trips) if trips.isdigit() else 0)
                if not _worth_retrying(response):
                    raise ImportRejected(_describe(response))
                reason = _describe(response)
                wait = _retry_after(response) or wait
            if attempt == self.retries:
                raise ImportRejected(f"gave up after {self.retries + 1} attempts: {reason}")
            self.on_retry(reason, wait)
            self.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover


def _worth_retrying(response: httpx.Response) -> bool:
    """Server errors, rate limits and lost races (409 ``conflict``) pass; other 4xx do not."""
    if response.status_code >= 500 or response.status_code == 429:
        return True
    if response.status_code != 409:
        return False
    try:
        return bool(response.json().get("code") == "conflict")
    except ValueError:
        return False


def _describe(response: httpx.Response) -> str:
    try:
        problem = response.json()
        return f"{response.status_code} {problem['code']}: {problem['detail']}"
    except (ValueError, KeyError, TypeError):
        return f"{response.status_code} {response.reason_phrase}"


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return min(float(value), _MAX_WAIT_SECONDS)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(max((when - datetime.now(UTC)).total_seconds(), 0.0), _MAX_WAIT_SECONDS)
