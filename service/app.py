"""The application factory."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from rich.console import Console

from indexes.sync import sync_indexes
from service.admin.router import router as admin_router
from service.blocks.router import router as blocks_router
from service.contacts.router import router as contacts_router
from service.core.clock import Clock, SystemClock
from service.core.database import Store, connect
from service.core.middleware import RoundTripHeader
from service.core.problems import install_problem_handlers
from service.core.repositories import TenantRegistry
from service.core.settings import Settings, get_settings
from service.follows.router import router as follows_router
from service.friends.router import router as friends_router
from service.grants.router import router as grants_router
from service.health import router as health_router
from service.history.router import router as history_router
from service.importer.router import router as import_router
from service.mutes.router import router as mutes_router
from service.operator.router import router as operator_router
from service.summary.router import router as summary_router
from service.tenants.service import create_tenant
from service.users.router import router as users_router

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
    console.print("These keys are shown once; the embedded backend forgets them on exit.")
    console.rule()


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    settings = settings or get_settings()
    clock = clock or SystemClock()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = await connect(settings)
        if store.embedded:
            log.warning(
                "EMBEDDED IN-MEMORY BACKEND: nothing is persisted; all data is lost on exit. "
                "Set MONGODB_URI to use MongoDB."
            )
        await sync_indexes(store.collections)
        if store.embedded and settings.demo_tenant:
            await _create_demo_tenant(store, clock)
        app.state.store = store
        try:
            yield
        finally:
            store.close()

    app = FastAPI(
        title="Relationships service",
        version="0.1.0",
        summary="Contacts, friends, follows, blocks and mutes between the users of your app.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.clock = clock
    app.add_middleware(RoundTripHeader)
    install_problem_handlers(app)
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
        grants_router,
        history_router,
        import_router,
    ):
        app.include_router(router)
    return app
