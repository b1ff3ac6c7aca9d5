"""The ``relationships`` command."""

import asyncio
import contextlib
import errno
import json
import socket
import sys
import tempfile
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Annotated, TypeVar

import typer
import uvicorn
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from indexes import SHARD_KEYS
from indexes.shard import NotMongos, require_mongos, shard_collections
from indexes.sync import sync_indexes
from models.enums import ActorKind, KeyScope
from service.app import create_app
from service.cli.importer import import_app
from service.core.actors import Actor
from service.core.clock import SystemClock
from service.core.data.database import Cluster, StartupFailed, Store, connect, hosts_of
from service.core.data.repositories import EventRepository, TenantRegistry
from service.core.data.tenancy import TenantCollection
from service.core.errors import DomainError
from service.core.http.metrics import multiprocess_dir, start_multiprocess_dir
from service.core.logs import configure_logging
from service.core.settings import Settings, settings_problems
from service.core.steps.context import TenantContext
from service.core.steps.runner import fence_seconds
from service.integrity.check import DEFAULT_BATCH, Report, check_tenant, repair_tenant
from service.integrity.counts import repair_counts
from service.tenants import rules as tenant_rules
from service.version import package_version
from service.webhooks.delivery import DeliveryWorker, worker_options

T = TypeVar("T")
WORKER_START_SECONDS = 60  # a bound for a broken worker, not a speed limit
app = typer.Typer(help="Multi-tenant user-relationships service.", no_args_is_help=True)
indexes_app = typer.Typer(help="Manage the declared MongoDB indexes.", no_args_is_help=True)
tenants_app = typer.Typer(
    help="Tenants, straight in the MongoDB of MONGODB_URI (no operator token needed).",
    no_args_is_help=True,
)
keys_app = typer.Typer(
    help="Tenant API keys, straight in the MongoDB of MONGODB_URI (no operator token needed).",
    no_args_is_help=True,
)
app.add_typer(indexes_app, name="indexes")
app.add_typer(tenants_app, name="tenants")
app.add_typer(keys_app, name="keys")
app.add_typer(import_app, name="import")
console = Console()
errors = Console(stderr=True, soft_wrap=True, highlight=False)

NO_DATABASE = (
    "relationships {command}: works on the database directly, and MONGODB_URI is not set. "
    "Set MONGODB_URI to the MongoDB the service uses. The embedded backend's data lives only "
    "inside the running server: manage it through the operator API instead "
    "(RELATIONSHIPS_OPERATOR_TOKEN, /v1/operator/...; see the README)."
)


def _fail(message: str, *, code: int) -> typer.Exit:
    errors.print(message, markup=False)
    return typer.Exit(code=code)


def _settings() -> Settings:
    """The environment's settings (read afresh: one command, one reading), or one plain line
    per refused variable (exit 2)."""
    try:
        return Settings()
    except ValidationError as error:
        for line in settings_problems(error):
            errors.print(f"relationships: {line}", markup=False)
        raise typer.Exit(code=2) from None


def _database_settings(command: str) -> Settings:
    """Settings for a command that works on the database itself: never a throw-away in-memory
    store that forgets what the command did the moment it returns."""
    settings = _settings()
    if settings.embedded:
        raise _fail(NO_DATABASE.format(command=command), code=2)
    return settings


def _check_port_free(host: str, port: int) -> None:
    """Refuse a busy port before anything is printed (such as demo keys nobody could use)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind((host, port))
        except OSError as error:
            reason = "in use" if error.errno == errno.EADDRINUSE else error.strerror
            raise _fail(
                f"relationships serve: cannot listen on {host}:{port} ({reason}): stop what "
                "holds it, or choose another with --port or RELATIONSHIPS_PORT.",
                code=1,
            ) from None


async def _can_open(settings: Settings) -> None:
    store = await connect(settings)
    store.close()


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
    document = create_app(_settings()).openapi()
    # Plain stdout, not rich: the output is data to redirect into a file or a diff.
    sys.stdout.write(json.dumps(document, indent=2, sort_keys=True) + "\n")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
) -> None:
    """Serve the HTTP API (embedded in-memory backend unless MONGODB_URI is set)."""
    settings = _settings()
    if settings.embedded and workers > 1:
        console.print("[red]The embedded backend lives in one process; use --workers 1.[/red]")
        raise typer.Exit(code=2)
    host, port = host or settings.host, port or settings.port
    _check_port_free(host, port)
    try:
        # Before uvicorn, whose start-up failure is a traceback in a log record.
        asyncio.run(_can_open(settings))
    except StartupFailed as error:
        raise _fail(f"relationships serve: {error}", code=1) from None
    # JSON lines on stderr for uvicorn's records too (create_app does the same in each worker);
    # its access log is off: our one line per request says more (route, tenant, database).
    configure_logging(settings.log_level)
    with _metrics_across(workers):
        uvicorn.run(
            "service.app:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level=settings.log_level,
            log_config=None,
            access_log=False,
            # uvicorn restarts a worker not started within this (default 5 s): on a busy
            # machine a worker's imports and start-up take longer, and it was killed forever.
            timeout_worker_healthcheck=WORKER_START_SECONDS,
        )


@contextmanager
def _metrics_across(workers: int) -> Iterator[None]:
    """Several workers: prometheus_client's multiprocess mode, in PROMETHEUS_MULTIPROC_DIR or a
    directory made for this run (set before the workers start and import prometheus_client)."""
    given = multiprocess_dir()
    if workers == 1:
        yield
        return
    if given is not None:
        start_multiprocess_dir(given)
        yield
        return
    with tempfile.TemporaryDirectory(prefix="relationships-metrics-") as directory:
        start_multiprocess_dir(Path(directory))
        yield


@app.command()
def deliver(
    once: Annotated[
        bool, typer.Option("--once", help="One round (queue, then send what is due), then exit.")
    ] = False,
) -> None:
    """Deliver webhooks from this process (beside or instead of `serve`'s worker: with
    RELATIONSHIPS_WEBHOOK_WORKER=false only this does). Several may run on one database: each
    attempt is taken under a lease by one of them. Works on the MongoDB of MONGODB_URI."""
    settings = _database_settings("deliver")

    async def run() -> None:
        store = await connect(settings)
        worker = DeliveryWorker(store, SystemClock(), worker_options(settings))
        stop = asyncio.Event()
        try:
            if once:
                await worker.round()
            else:
                await worker.run(stop)
        finally:
            await worker.aclose()
            store.close()

    configure_logging(settings.log_level)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run())


@app.command()
def check(
    tenant: Annotated[str | None, typer.Option(help="Only this tenant (default: all).")] = None,
    repair: Annotated[
        bool,
        typer.Option(
            "--repair", help="Bring each broken pair back to a valid state; set wrong counts right."
        ),
    ] = False,
    batch: Annotated[int, typer.Option(min=1, help="Documents read per batch.")] = DEFAULT_BATCH,
) -> None:
    """Check every pair of users with an edge, a grant or an event for broken invariants (a
    one-sided friendship; a friendship, request, follow or grant beside a block; a grant nothing
    justifies; a history that disagrees with the state), and every count that disagrees with the
    edges. Prints what it checked; exit 1 if any is broken and not repaired. Works on the
    MongoDB of MONGODB_URI."""
    settings = _database_settings("check")

    async def run() -> list[tuple[str, Report, tuple[int, int]]]:
        store = await connect(settings)
        results = []
        try:
            registry = TenantRegistry(store.tenants)
            tenant_ids = [tenant] if tenant else await registry.tenant_ids()
            with Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.completed} documents"),
                TimeElapsedColumn(),
                console=console,
            ) as progress:
                for tenant_id in tenant_ids:
                    found = await registry.get(tenant_id)
                    if found is None:
                        raise typer.BadParameter(f"no tenant {tenant_id!r}", param_hint="--tenant")
                    ctx = TenantContext.bind(
                        store,
                        tenant_id=tenant_id,
                        settings=found.settings,
                        moment=SystemClock().now(),
                        actor=Actor(ActorKind.OPERATOR),  # a repair's events say who made it
                    )
                    task = progress.add_task(f"checking {tenant_id}", total=None)
                    report = await check_tenant(
                        ctx, batch=batch, on_batch=partial(progress.advance, task)
                    )
                    repaired = await repair_tenant(ctx, report.violations) if repair else (0, 0)
                    if repair:
                        await repair_counts(ctx, report.count_mismatches)
                    results.append((tenant_id, report, repaired))
        finally:
            store.close()
        return results

    remaining = 0
    results = asyncio.run(run())
    if not results:
        console.print(f"No tenants in database {settings.database_name!r}: nothing to check.")
    for tenant_id, report, (repaired, busy) in results:
        table = Table("invariant", "pair", "detail", title=f"tenant {tenant_id}")
        for violation in report.violations:
            table.add_row(violation.invariant, f"{violation.a} / {violation.b}", violation.detail)
        if report.violations:
            console.print(table)
        counts = Table("user", "count", "stored", "edges say", title=f"tenant {tenant_id}: counts")
        for mismatch in report.count_mismatches:
            counts.add_row(
                mismatch.user_id, mismatch.count, str(mismatch.stored), str(mismatch.expected)
            )
        if report.count_mismatches:
            console.print(counts)
        console.print(
            f"{tenant_id}: {report.pairs_checked} pairs checked, "
            f"{len(report.violations)} violations, {repaired} pairs repaired, "
            f"{len(report.count_mismatches)} counts wrong"
            + (" (set right)" if repair and report.count_mismatches else "")
            + (f", {busy} pairs busy (a running or crashed step holds them)" if busy else "")
            + (
                f", {report.events_keyed} events from before pair keys given theirs"
                if report.events_keyed
                else ""
            )
        )
        if repair:
            remaining += busy
        else:
            remaining += len(report.violations) + len(report.count_mismatches)
    if results:
        pairs = sum(report.pairs_checked for _, report, _ in results)
        console.print(
            f"Checked {len(results)} tenant(s), {pairs} pairs in database "
            f"{settings.database_name!r}."
        )
    if repair and remaining:
        console.print("[red]Some pairs were busy; run again in a minute to repair them.[/red]")
        raise typer.Exit(code=1)
    if remaining:
        console.print("[red]Broken invariants remain; run again with --repair.[/red]")
        raise typer.Exit(code=1)


@indexes_app.command("sync")
def indexes_sync(
    shard: Annotated[
        bool,
        typer.Option(
            "--shard",
            help="Then shard every collection by its declared key (MONGODB_URI must reach a "
            "mongos; refused otherwise). Safe to run again.",
        ),
    ] = False,
) -> None:
    """Create or update every declared index in the MongoDB of MONGODB_URI (safe to run
    again)."""
    settings = _database_settings("indexes sync")
    hosts = hosts_of(settings.mongodb_uri or "")

    async def run() -> tuple[list[tuple[str, str, str]], list[tuple[str, str]], int]:
        store = await connect(settings)
        cluster = Cluster(store.client, settings.database_name)
        try:
            if shard:  # refuse before changing anything
                await require_mongos(cluster, hosts=hosts)
            indexes = await sync_indexes(store.collections)
            keyed = await _key_old_events(store)  # the pair index's entries for them
            # After the indexes: a collection with data needs its shard key's index first.
            sharded = await shard_collections(cluster, hosts=hosts) if shard else []
            return indexes, sharded, keyed
        finally:
            store.close()

    try:
        indexes, sharded, keyed = asyncio.run(run())
    except NotMongos as error:
        raise _fail(f"relationships indexes sync --shard: {error}", code=2) from None
    except StartupFailed as error:
        raise _fail(f"relationships indexes sync: {error}", code=2) from None
    table = Table("collection", "index", "result")
    for row in indexes:
        table.add_row(*row)
    console.print(table)
    if keyed:
        console.print(f"relationship_events: {keyed} events from before pair keys given theirs")
    if shard:
        shards = Table("collection", "sharded by")
        for name, key_text in sharded:
            shards.add_row(name, key_text)
        console.print(shards)
        return
    for collection, key in SHARD_KEYS.items():
        console.print(f"intended shard key of {collection}: {key}")


async def _key_old_events(store: Store) -> int:
    """Give every tenant's history events written before pair keys existed theirs (what
    ``relationships check`` also does first), in batches; how many were given one."""
    keyed = 0
    for tenant_id in await TenantRegistry(store.tenants).tenant_ids():
        events = EventRepository(
            TenantCollection(store.events, tenant_id), tenant_id, SystemClock().now()
        )
        keyed += await events.give_pair_keys(batch=DEFAULT_BATCH)
    return keyed


def _with_registry(command: str, work: Callable[[TenantRegistry], Awaitable[T]]) -> T:
    """Run ``work`` on the configured database's tenant registry; domain errors exit 1."""
    settings = _database_settings(command)

    async def run() -> T:
        store = await connect(settings)
        try:
            await sync_indexes(store.collections)  # MongoDB refuses hints to missing indexes
            return await work(TenantRegistry.of(store))
        finally:
            store.close()

    try:
        return asyncio.run(run())
    except StartupFailed as error:
        raise _fail(f"relationships {command}: {error}", code=2) from None
    except DomainError as error:
        console.print(f"[red]{error.detail}[/red]")
        raise typer.Exit(code=1) from error


@tenants_app.command("create")
def tenants_create(
    tenant_id: str, name: Annotated[str, typer.Option(help="Display name.")] = ""
) -> None:
    """Create a tenant with an app key and an admin key (shown only now)."""
    created = _with_registry(
        "tenants create",
        lambda registry: tenant_rules.create_tenant(
            registry, tenant_id=tenant_id, name=name or tenant_id, now=SystemClock().now()
        ),
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
            tenants, after = await tenant_rules.list_tenants(registry, after=after, limit=200)
            rows += [
                (t.tenant_id, t.name, ", ".join(f"{k.key_id} ({k.scope})" for k in t.keys))
                for t in tenants
            ]
            if after is None:
                return rows

    table = Table("tenant_id", "name", "keys")
    for row in _with_registry("tenants list", every):
        table.add_row(*row)
    console.print(table)


@tenants_app.command("delete")
def tenants_delete(
    tenant_id: str,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete a tenant and every document of it, in every collection."""
    settings = _database_settings("tenants delete")  # refused before asking, not after
    if not yes:
        typer.confirm(f"Delete tenant {tenant_id!r} and all its data?", abort=True)
    budget = settings.step_budget_seconds
    removed = _with_registry(
        "tenants delete",
        lambda registry: tenant_rules.delete_tenant(
            registry,
            tenant_id=tenant_id,
            now=SystemClock().now(),
            # The serving processes' requests in flight: as long as their steps may still write.
            fence=lambda: asyncio.sleep(fence_seconds(budget)),
        ),
    )
    for collection, count in removed.items():
        console.print(f"{collection}: {count} removed")


@tenants_app.command("rate-limit")
def tenants_rate_limit(
    tenant_id: str,
    per_second: Annotated[
        float | None, typer.Option(min=0, help="Requests per second (0: no limit).")
    ] = None,
    burst: Annotated[int | None, typer.Option(min=1, help="Requests at once.")] = None,
) -> None:
    """Set a tenant's rate limit; an option left out goes back to the service's default."""
    tenant = _with_registry(
        "tenants rate-limit",
        lambda registry: tenant_rules.set_rate_limit(
            registry, tenant_id=tenant_id, per_second=per_second, burst=burst
        ),
    )
    settings, defaults = tenant.settings, _settings()
    rate = settings.rate_limit_per_second
    console.print(
        f"{tenant_id}: {rate if rate is not None else defaults.rate_limit_per_second} requests/s"
        f"{'' if rate is not None else ' (default)'}, burst "
        f"{settings.rate_limit_burst or defaults.rate_limit_burst}"
        f"{'' if settings.rate_limit_burst else ' (default)'}"
    )


@keys_app.command("create")
def keys_create(
    tenant_id: str, scope: Annotated[KeyScope, typer.Option(help="app or admin.")] = KeyScope.APP
) -> None:
    """Issue another key for a tenant (shown only now)."""
    issued = _with_registry(
        "keys create",
        lambda registry: tenant_rules.add_key(
            registry, tenant_id=tenant_id, scope=scope, now=SystemClock().now()
        ),
    )
    console.print(f"key_id: {issued.key_id}\nscope:  {issued.scope}")
    console.print(f"key:    {issued.key}", highlight=False, soft_wrap=True)


@keys_app.command("revoke")
def keys_revoke(tenant_id: str, key_id: str) -> None:
    """Revoke a key; it stops working on the next request."""
    _with_registry(
        "keys revoke",
        lambda registry: tenant_rules.revoke_key(registry, tenant_id=tenant_id, key_id=key_id),
    )
    console.print(f"revoked {key_id}")


@keys_app.command("rotate-signing")
def keys_rotate_signing(
    tenant_id: str,
    retire_previous: Annotated[
        bool,
        typer.Option(
            "--retire-previous",
            help="Refuse tokens signed with the replaced key at once (it leaked).",
        ),
    ] = False,
) -> None:
    """Rotate the key that signs a tenant's user tokens; the replaced one still verifies its
    tokens until they expire, unless --retire-previous."""
    keys = _with_registry(
        "keys rotate-signing",
        lambda registry: tenant_rules.rotate_signing_key(
            registry, tenant_id=tenant_id, now=SystemClock().now(), retire_previous=retire_previous
        ),
    )
    for key in keys:
        until = (
            f"verifies until {key.accepted_until:%Y-%m-%d %H:%M:%S}Z"
            if key.accepted_until
            else "signs"
        )
        console.print(f"{key.kid} {until}", highlight=False)


if __name__ == "__main__":
    app()
