"""Prints figures, asserts nothing: ``.venv/bin/python -m benchmarks.thread_pool [N] [ROUNDS]``.

CPU per request (``time.process_time()``, every thread of the process) of
``GET /v1/users/{uid}/settings`` through the ASGI app on the embedded backend, the tenant's
module switched on (200) and off (403), for two apps in one process, in interleaved rounds:

* today's app, whose request path hands nothing to a worker thread;
* the same app made to run as it did before: its request-path dependencies as plain ``def``
  (FastAPI sends each to its thread pool) and ``limits``' own memory storage (its expiry step
  in ``asyncio.to_thread``).
"""

import asyncio
import inspect
import json
import logging
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import anyio.to_thread
import httpx
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from limits.aio.storage import MemoryStorage as LibraryMemoryStorage

from service.app import create_app
from service.core.http.rate_limit import TenantRateLimiter
from service.core.settings import Settings

TOKEN = "bench-operator-token-0123456789abcdef"
ONCE_PLAIN_DEF = {"get_store", "get_clock", "check", "check_admin", "page_request", "event_filter"}
hand_offs = 0


def count_hand_offs() -> None:
    original = anyio.to_thread.run_sync

    async def counting(*args: Any, **kwargs: Any) -> Any:
        global hand_offs
        hand_offs += 1
        return await original(*args, **kwargs)

    anyio.to_thread.run_sync = counting


def as_plain_def(original: Callable[..., Any]) -> Callable[..., Any]:
    """``original`` (an ``async def`` that never suspends) as a plain ``def``."""

    def call(**kwargs: Any) -> Any:
        coroutine = original(**kwargs)
        try:
            coroutine.send(None)
        except StopIteration as done:
            return done.value
        raise RuntimeError(f"{original.__name__} suspended")

    call.__signature__ = inspect.signature(original)  # type: ignore[attr-defined]
    return call


def dependants(dependant: Dependant) -> Iterator[Dependant]:
    yield dependant
    for sub in dependant.dependencies:
        yield from dependants(sub)


def as_before(app: FastAPI) -> None:
    for route in iter_route_contexts(app.routes):
        if isinstance(route.original_route, APIRoute):
            for dependant in dependants(route.dependant):
                call = dependant.call
                if call is not None and getattr(call, "__name__", "") in ONCE_PLAIN_DEF:
                    app.dependency_overrides[call] = as_plain_def(call)
    limiter: TenantRateLimiter = app.state.rate_limiter
    app.state.rate_limiter = TenantRateLimiter(
        LibraryMemoryStorage(),
        default_per_second=limiter._default_per_second,
        default_burst=limiter._default_burst,
        now=limiter._now,
    )


async def tenant_keys(client: httpx.AsyncClient) -> dict[str, dict[str, str]]:
    keys = {}
    for name, on in (("on", True), ("off", False)):
        created = await client.post(
            "/v1/operator/tenants",
            json={"tenant_id": name, "name": name},
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        admin = {"Authorization": f"Bearer {created.json()['admin_key']}"}
        await client.patch("/v1/admin/settings", json={"connections_enabled": on}, headers=admin)
        keys[name] = {"Authorization": f"Bearer {created.json()['app_key']}"}
    return keys


async def main(requests: int, rounds: int) -> None:
    global hand_offs
    logging.disable(logging.CRITICAL)
    count_hand_offs()
    settings = Settings(
        mongodb_uri=None, operator_token=TOKEN, demo_tenant=False, rate_limit_burst=10**9
    )
    today, before = create_app(settings), create_app(settings)
    async with LifespanManager(today) as now_app, LifespanManager(before) as old_app:
        as_before(before)
        clients = {
            "today": httpx.AsyncClient(transport=httpx.ASGITransport(app=now_app.app)),
            "before": httpx.AsyncClient(transport=httpx.ASGITransport(app=old_app.app)),
        }
        for client in clients.values():
            client.base_url = httpx.URL("http://bench")
        keys = {version: await tenant_keys(client) for version, client in clients.items()}
        runs = [(version, switch) for version in clients for switch in ("on", "off")]
        spent = dict.fromkeys(runs, 0.0)
        hops = dict.fromkeys(runs, 0.0)
        for number in range(rounds + 1):  # round 0 warms up
            for version, switch in runs if number % 2 else reversed(runs):
                hand_offs = 0
                start = time.process_time()
                client, headers = clients[version], keys[version][switch]
                for _ in range(requests):
                    await client.get("/v1/users/u1/settings", headers=headers)
                if number:
                    spent[version, switch] += time.process_time() - start
                    hops[version, switch] = hand_offs / requests
        for client in clients.values():
            await client.aclose()
        before.state.rate_limiter.close()
    for (version, switch), seconds in spent.items():
        figures = {
            "app": version,
            "module": switch,
            "cpu_ms_per_request": round(seconds / (requests * rounds) * 1000, 3),
            "thread_pool_hand_offs_per_request": hops[version, switch],
        }
        print(json.dumps(figures))


if __name__ == "__main__":
    arguments = [int(a) for a in sys.argv[1:3]]
    asyncio.run(main(*(arguments + [200, 6][len(arguments) :])))
