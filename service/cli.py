"""The ``relationships`` command."""

import asyncio
import logging
from typing import Annotated

import typer
import uvicorn
from rich.console import Console
from rich.table import Table

from indexes import SHARD_KEYS
from indexes.sync import sync_indexes
from service.core.database import connect
from service.core.settings import get_settings
from service.importer.cli import import_app

app = typer.Typer(help="Multi-tenant user-relationships service.", no_args_is_help=True)
indexes_app = typer.Typer(help="Manage the declared MongoDB indexes.", no_args_is_help=True)
app.add_typer(indexes_app, name="indexes")
app.add_typer(import_app, name="import")
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


if __name__ == "__main__":
    app()
