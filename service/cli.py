"""The ``relationships`` command."""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import typer
import uvicorn
from rich.console import Console
from rich.table import Table

from indexes import SHARD_KEYS
from indexes.sync import sync_indexes
from models.enums import KeyScope
from service.core.clock import SystemClock
from service.core.database import connect
from service.core.errors import DomainError
from service.core.repositories import TenantRegistry
from service.core.settings import get_settings
from service.tenants import service

T = TypeVar("T")
app = typer.Typer(help="Multi-tenant user-relationships service.", no_args_is_help=True)
indexes_app = typer.Typer(help="Manage the declared MongoDB indexes.", no_args_is_help=True)
tenants_app = typer.Typer(
    help="Tenants, straight in the database (no operator token needed).", no_args_is_help=True
)
keys_app = typer.Typer(
    help="Tenant API keys, straight in the database (no operator token needed).",
    no_args_is_help=True,
)
app.add_typer(indexes_app, name="indexes")
app.add_typer(tenants_app, name="tenants")
app.add_typer(keys_app, name="keys")
console = Console()


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
) -> None:
    """Serve the HTTP API (embedded in-memory backend unless MONGODB_URI is set)."""
    settings = get_settings()
    if settings.embedded and workers > 1:
        console.print("[red]The embedded backend lives in one process; use --workers 1.[/red]")
        raise typer.Exit(code=2)
    # Our own records (the embedded-backend warning, concurrency retries) beside uvicorn's.
    logging.basicConfig(level=settings.log_level.upper(), format="%(levelname)-9s %(message)s")
    uvicorn.run(
        "service.app:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers,
        log_level=settings.log_level,
    )


@indexes_app.command("sync")
def indexes_sync() -> None:
    """Create or update every declared index (safe to run again)."""

    async def run() -> list[tuple[str, str, str]]:
        store = await connect(get_settings())
        try:
            return await sync_indexes(store.collections)
        finally:
            store.close()

    table = Table("collection", "index", "result")
    for row in asyncio.run(run()):
        table.add_row(*row)
    console.print(table)
    for collection, key in SHARD_KEYS.items():
        console.print(f"intended shard key of {collection}: {key}")


def _with_registry(work: Callable[[TenantRegistry], Awaitable[T]]) -> T:
    """Run ``work`` on the configured database's tenant registry; domain errors exit 1."""

    async def run() -> T:
        store = await connect(get_settings())
        try:
            await sync_indexes(store.collections)  # MongoDB refuses hints to missing indexes
            return await work(TenantRegistry.of(store))
        finally:
            store.close()

    try:
        return asyncio.run(run())
    except DomainError as error:
        console.print(f"[red]{error.detail}[/red]")
        raise typer.Exit(code=1) from error


@tenants_app.command("create")
def tenants_create(
    tenant_id: str, name: Annotated[str, typer.Option(help="Display name.")] = ""
) -> None:
    """Create a tenant with an app key and an admin key (shown only now)."""
    created = _with_registry(
        lambda registry: service.create_tenant(
            registry, tenant_id=tenant_id, name=name or tenant_id, now=SystemClock().now()
        )
    )
    for key in created.keys:  # plain lines: a table could wrap a key
        console.print(f"{key.scope:<6} {key.key_id} {key.key}", highlight=False, soft_wrap=True)
    console.print("The keys are shown once; store them now.")


@tenants_app.command("list")
def tenants_list() -> None:
    """Every tenant, with its keys' ids and scopes."""

    async def every(registry: TenantRegistry) -> list[tuple[str, str, str]]:
        rows, after = [], None
        while True:
            tenants, after = await service.list_tenants(registry, after=after, limit=200)
            rows += [
                (t.tenant_id, t.name, ", ".join(f"{k.key_id} ({k.scope})" for k in t.keys))
                for t in tenants
            ]
            if after is None:
                return rows

    table = Table("tenant_id", "name", "keys")
    for row in _with_registry(every):
        table.add_row(*row)
    console.print(table)


@tenants_app.command("delete")
def tenants_delete(
    tenant_id: str,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete a tenant and every document of it, in every collection."""
    if not yes:
        typer.confirm(f"Delete tenant {tenant_id!r} and all its data?", abort=True)
    removed = _with_registry(lambda registry: service.delete_tenant(registry, tenant_id=tenant_id))
    for collection, count in removed.items():
        console.print(f"{collection}: {count} removed")


@keys_app.command("create")
def keys_create(
    tenant_id: str, scope: Annotated[KeyScope, typer.Option(help="app or admin.")] = KeyScope.APP
) -> None:
    """Issue another key for a tenant (shown only now)."""
    issued = _with_registry(
        lambda registry: service.add_key(
            registry, tenant_id=tenant_id, scope=scope, now=SystemClock().now()
        )
    )
    console.print(f"key_id: {issued.key_id}\nscope:  {issued.scope}")
    console.print(f"key:    {issued.key}", highlight=False, soft_wrap=True)


@keys_app.command("revoke")
def keys_revoke(tenant_id: str, key_id: str) -> None:
    """Revoke a key; it stops working on the next request."""
    _with_registry(
        lambda registry: service.revoke_key(registry, tenant_id=tenant_id, key_id=key_id)
    )
    console.print(f"revoked {key_id}")


if __name__ == "__main__":
    app()
