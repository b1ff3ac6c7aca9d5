"""No worker-thread hop on the request path: nothing in it blocks, so nothing is handed to a
thread pool (a plain ``def`` dependency or endpoint would be, by FastAPI, on every request)."""

import asyncio
import inspect
from collections.abc import Callable, Iterator
from typing import Any

import anyio.to_thread
import pytest
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from tests.helpers import Api


@pytest.fixture
def hops(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every hand-off to a worker thread, by name: anyio's (FastAPI and Starlette call it for
    sync dependencies, endpoints and validation) and asyncio's (``limits``' memory storage)."""
    seen: list[str] = []

    def counting(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
        def hand_off(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
            seen.append(f"{name}: {getattr(function, '__qualname__', function)!r}")
            return original(function, *args, **kwargs)

        return hand_off

    monkeypatch.setattr(anyio.to_thread, "run_sync", counting("anyio", anyio.to_thread.run_sync))
    monkeypatch.setattr(asyncio, "to_thread", counting("asyncio", asyncio.to_thread))
    return seen


async def settled(app: FastAPI) -> None:
    """Wait for the work a request leaves behind: the rate limiter's expiry task."""
    timer = getattr(app.state.rate_limiter.storage, "timer", None)
    if timer is not None:
        await timer


@pytest.mark.parametrize(
    "path",
    [
        "/v1/users/a/settings",
        "/v1/users/a/relationships?ids=b,c",
        "/v1/users/a/following?limit=2",
        "/v1/users/b/followers",
        "/v1/users/a/history",
    ],
)
async def test_the_read_path_uses_no_worker_thread(
    api: Api, admin: Api, app: FastAPI, hops: list[str], path: str
) -> None:
    for other in ("b", "c", "d"):
        assert (await api.follow("a", other)).status_code == 201
    await settled(app)
    hops.clear()
    for _ in range(3):  # the first request and the warm ones
        response = await api.call("GET", path)
        assert response.status_code == 200, response.text
        await settled(app)
    assert hops == []


async def test_an_admin_read_with_filters_uses_no_worker_thread(
    admin: Api, app: FastAPI, hops: list[str]
) -> None:
    response = await admin.call("GET", "/v1/admin/history", user_id="a", limit=5)
    assert response.status_code == 200, response.text
    await settled(app)
    assert hops == []


def dependants(dependant: Dependant) -> Iterator[Dependant]:
    yield dependant
    for sub in dependant.dependencies:
        yield from dependants(sub)


def runs_on_the_loop(call: Callable[..., Any]) -> bool:
    """What FastAPI awaits directly instead of sending to its thread pool."""
    if inspect.iscoroutinefunction(call) or inspect.isasyncgenfunction(call):
        return True
    dunder_call = getattr(call, "__call__", None)  # noqa: B004 - an instance's own __call__
    return not inspect.isfunction(call) and inspect.iscoroutinefunction(dunder_call)


def test_every_endpoint_and_dependency_is_async(app: FastAPI) -> None:
    """Every route, not just the ones sampled above: a new plain ``def`` fails here."""
    routes = [r for r in iter_route_contexts(app.routes) if isinstance(r.original_route, APIRoute)]
    assert len(routes) > 50  # as included: the routers' own dependencies too
    sync = {
        f"{route.path_format} {getattr(d.call, '__qualname__', d.call)}"
        for route in routes
        for d in dependants(route.dependant)
        if d.call is not None and not runs_on_the_loop(d.call)
    }
    assert sync == set()
