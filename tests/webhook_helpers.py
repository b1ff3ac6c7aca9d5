"""A local receiver for webhook tests (an httpx MockTransport: nothing leaves the process) and a
delivery worker driven by the tests' fake clock."""

import json
import random
from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi import FastAPI

from service.core.clock import Clock
from service.core.data.database import Store
from service.feed.rules import feed_lag
from service.webhooks.delivery import DeliveryWorker, WorkerOptions


@dataclass
class Receiver:
    """Records every request; answers ``status`` (or the next of ``statuses``)."""

    status: int = 200
    statuses: list[int] = field(default_factory=list)
    body: bytes = b"ok"
    headers: dict[str, str] = field(default_factory=dict)
    requests: list[httpx.Request] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        status = self.statuses.pop(0) if self.statuses else self.status
        return httpx.Response(status, content=self.body, headers=self.headers)

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)

    def payloads(self) -> list[dict[str, Any]]:
        return [json.loads(r.content) for r in self.requests]


def worker(
    app: FastAPI, clock: Clock, receiver: Receiver, *, allow_private: bool = True
) -> DeliveryWorker:
    store: Store = app.state.store
    options = WorkerOptions(
        lag_seconds=feed_lag(app.state.settings), allow_private=allow_private, per_tenant=2
    )
    return DeliveryWorker(store, clock, options, transport=receiver.transport, rng=random.Random(7))
