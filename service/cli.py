"""The ``relationships`` command."""

import asyncio
import json
import sys
from typing import Annotated

import typer
import uvicorn
from rich.console import Console
from rich.table import Table

from indexes import SHARD_KEYS
from indexes.sync import sync_indexes
from service.app import create_app
from service.core.database import connect
from service.core.logs import configure_logging
from service.core.settings import get_settings
from service.version import package_version

app = typer.Typer(help="Multi-tenant user-relationships service.", no_args_is_help=True)
indexes_app = typer.Typer(help="Manage the declared MongoDB indexes.", no_args_is_help=True)
app.add_typer(indexes_app, name="indexes")
console = Console()


def _print_version(requested: bool) -> None:
    if requested:
        typer.echo(f"relationships {package_version()}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Multi-tenant user-relationships service."""


@app.command()
def openapi() -> None:
    """Print the OpenAPI document (JSON, sorted keys) to stdout; connects to nothing."""
    document = create_app(get_settings()).openapi()
    # Plain stdout, not rich: the output is data to redirect into a file or a diff.
    sys.stdout.write(json.dumps(document, indent=2, sort_keys=True) + "\n")


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
    # JSON lines on stderr for uvicorn's records too (create_app does the same in each worker);
    # its access log is off: our one line per request says more (route, tenant, database).
    configure_logging(settings.log_level)
    uvicorn.run(
        "service.app:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers,
        log_level=settings.log_level,
        log_config=None,
        access_log=False,
    )


@indexes_app.command("sync")
def indexes_sync() -> None:
    """Create or update every declared index (safe to run again)."""

    async def run() -> list[tuple[str, str, str]]:
        store = await connect(get_settings())
        try:
            return await sync_indexes(store)
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
