"""The application factory."""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI
from opentelemetry.trace import TracerProvider
from rich.console import Console
from starlette.types import ASGIApp

from indexes.sync import sync_indexes
from service.admin.router import router as admin_router
from service.blocks.router import router as blocks_router
from service.contacts.router import router as contacts_router
from service.core.clock import Clock, SystemClock
from service.core.data.database import TRANSACTIONS_OFF, GuardMode, Store, connect
from service.core.data.repositories import TenantRegistry
from service.core.http.arrival import Arrival, install_client_gone
from service.core.http.cors import BrowserOrigins
from service.core.http.docs import install_docs
from service.core.http.key_cache import KeyCache
from service.core.http.key_guessing import KeyGuessingLimiter
from service.core.http.metrics import Metrics
from service.core.http.middleware import RequestObserver, UrlLengthLimit
from service.core.http.openapi import refine, route_id
from service.core.http.problems import install_problem_handlers
from service.core.http.query_params import (
    refuse_repeated_parameters,
    refuse_unknown_query_params,
)
from service.core.http.rate_limit import TenantRateLimiter, rate_limit_storage
from service.core.http.telemetry import instrument_driver, telemetry_config
from service.core.logs import configure_logging
from service.core.settings import Settings, get_settings
from service.core.steps.runner import StepRunner, StepTimer
from service.counts.router import profiles_router as profile_counts_router
from service.counts.router import router as counts_router
from service.feed.router import router as feed_router
from service.follows.router import router as follows_router
from service.friends.router import router as friends_router
from service.grants.router import router as grants_router
from service.health.router import router as health_router
from service.history.router import router as history_router
from service.importer.router import router as import_router
from service.lists.router import router as lists_router
from service.mutes.router import router as mutes_router
from service.mutuals.router import follows_router as known_followers_router
from service.mutuals.router import friends_router as mutual_friends_router
from service.operator.router import router as operator_router
from service.suggestions.router import router as suggestions_router
from service.summary.router import router as summary_router
from service.tenants.rules import create_tenant
from service.tokens.router import router as tokens_router
from service.users.router import router as users_router
from service.version import package_version
from service.webhooks.delivery import DeliveryWorker, worker_options
from service.webhooks.router import describe_payloads, lean_payloads
from service.webhooks.router import router as webhooks_router

log = logging.getLogger("relationships")
DEMO_TENANT_ID = "demo"


async def _create_demo_tenant(store: Store, clock: Clock) -> None:
    registry = TenantRegistry(store.tenants)
    if not await registry.is_empty():
        return
    created = await create_tenant(registry, tenant_id=DEMO_TENANT_ID, name="Demo", now=clock.now())
    console = Console(stderr=True, soft_wrap=True)  # soft wrap: keys stay copyable
    console.rule("[bold]Demo tenant created[/bold]")
    console.print(f"tenant_id: {DEMO_TENANT_ID}")
    console.print(f"app key:   {created.app_key.key}", highlight=False)
    console.print(f"admin key: {created.admin_key.key}", highlight=False)
    console.print("These keys are shown once.")
    console.print(
        "[bold red]EMBEDDED IN-MEMORY BACKEND: nothing is kept.[/bold red] This tenant, its keys "
        "and every change are gone when the server stops; set MONGODB_URI to keep them."
    )
    console.rule()


Deliveries = tuple[DeliveryWorker, asyncio.Event, asyncio.Task[None]] | None


def _start_deliveries(store: Store, clock: Clock, settings: Settings) -> Deliveries:
    """The webhook worker, beside the API in this process (``RELATIONSHIPS_WEBHOOK_WORKER``)."""
    if not settings.webhook_worker:
        return None
    worker = DeliveryWorker(store, clock, worker_options(settings))
    stop = asyncio.Event()
    return worker, stop, asyncio.get_running_loop().create_task(worker.run(stop))


async def _stop_deliveries(deliveries: Deliveries) -> None:
    if deliveries is not None:
        worker, stop, task = deliveries
        stop.set()
        await task
        await worker.aclose()


class _ObservedFastAPI(FastAPI):
    """FastAPI with :class:`RequestObserver` around its whole middleware stack, where
    ``add_middleware`` cannot reach: outside the error and body-limit middleware."""

    def __init__(self, *, metrics: Metrics, **options: Any) -> None:
        super().__init__(**options)
        self.metrics = metrics

    def openapi(self) -> dict[str, Any]:
        if self.openapi_schema is None:
            self.openapi_schema = lean_payloads(refine(super().openapi(), self.routes))
        return self.openapi_schema

    def build_middleware_stack(self) -> ASGIApp:
        stack = UrlLengthLimit(super().build_middleware_stack())
        return Arrival(RequestObserver(stack, metrics=self.metrics))


def create_app(
    settings: Settings | None = None,
    *,
    clock: Clock | None = None,
    tracer_provider: TracerProvider | None = None,
    timer: StepTimer | None = None,
) -> FastAPI:
    """The service; ``tracer_provider`` replaces the global one for its traces (when on);
    ``timer``: where the step runner's budgets and pauses take their time (tests fake it)."""
    settings = settings or get_settings()
    clock = clock or SystemClock()
    configure_logging(settings.log_level)  # here, not only in `serve`: each worker runs this

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = await connect(settings)
        if store.embedded:
            log.warning(
                "EMBEDDED IN-MEMORY BACKEND: nothing is persisted; all data is lost on exit. "
                "Set MONGODB_URI to use MongoDB."
            )
        if store.guard_mode is GuardMode.LEASE:
            log.warning(TRANSACTIONS_OFF)
        await sync_indexes(store.collections)
        if store.embedded and settings.demo_tenant:
            await _create_demo_tenant(store, clock)
        app.state.store = store
        app.state.runner = StepRunner(
            store,
            clock=clock,
            budget_seconds=settings.step_budget_seconds,
            timer=timer,
            concurrent_steps=settings.concurrent_steps or None,
        )
        app.state.key_cache = KeyCache(
            seconds=settings.key_cache_seconds, monotonic=app.state.runner.monotonic
        )
        app.state.key_cache.watch(store)
        app.state.rate_limiter = TenantRateLimiter(
            rate_limit_storage(settings),
            default_per_second=settings.rate_limit_per_second,
            default_burst=settings.rate_limit_burst,
            now=lambda: clock.now().timestamp(),
        )
        app.state.key_guessing = KeyGuessingLimiter(
            app.state.rate_limiter.storage,
            per_minute=settings.unknown_key_per_minute,
            now=lambda: clock.now().timestamp(),
        )
        deliveries = _start_deliveries(store, clock, settings)
        try:
            yield
        finally:
            await _stop_deliveries(deliveries)
            app.state.rate_limiter.close()
            store.close()

    app = _ObservedFastAPI(
        metrics=Metrics(replica=settings.replica),
        title="Relationships service",
        version=package_version(),
        summary="Contacts, friends, follows, blocks and mutes between the users of your app.",
        lifespan=lifespan,
        # A slash redirect would name the Host header's server: anyone's, as the client says.
        redirect_slashes=False,
        # Every route's default; an included router may set a larger one, as the bulk import
        # does with settings.import_max_body_bytes (below).
        max_body_size=settings.max_body_bytes,
        telemetry=telemetry_config(settings, tracer_provider),
        generate_unique_id_function=route_id,
        dependencies=[
            Depends(refuse_unknown_query_params),
            Depends(refuse_repeated_parameters),
        ],
        # /docs from local files (install_docs below); ReDoc only exists on a CDN.
        docs_url=None,
        redoc_url=None,
    )
    if settings.tracing_enabled:
        instrument_driver(tracer_provider)
    app.state.settings = settings
    app.state.clock = clock
    install_problem_handlers(app)
    install_client_gone(app)
    app.add_middleware(BrowserOrigins)
    app.add_route("/metrics", app.metrics.endpoint, include_in_schema=False)
    install_docs(app)
    for router in (
        health_router,
        operator_router,
        admin_router,
        users_router,
        friends_router,
        follows_router,
        blocks_router,
        mutes_router,
        contacts_router,
        summary_router,
        counts_router,
        profile_counts_router,
        mutual_friends_router,
        known_followers_router,
        lists_router,
        suggestions_router,
        grants_router,
        history_router,
        feed_router,
        webhooks_router,
        tokens_router,
    ):
        app.include_router(router)
    # The bulk import reads more than any other route; its own limit, checked while streaming.
    app.include_router(import_router, max_body_size=settings.import_max_body_bytes)
    describe_payloads(app)
    return app
