"""``relationships import contacts``: load a contact file into a running service.

The file is streamed and sent in batches of ``--batch`` rows (one request each), so memory stays
constant whatever its size. With ``--report``, each finished batch is recorded in a checkpoint
next to the report: run the same command again after an interruption and the batches already
done are skipped. Exit status: 0 when every row was imported, 1 when some rows failed (see the
report), 2 when the run could not go on, 130 when interrupted.
"""

import json
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Annotated, Any, TypeVar

import httpx
import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from service.cli.checkpoint import Checkpoint, Counts, identify
from service.cli.embedded_warning import warn_if_too_large_for_embedded
from service.cli.import_client import ImportRejected, Sender
from service.cli.sources import FileFormat, Record, SourceError, guess_format, records
from service.importer.rules import MAX_ROWS, ImportMode

import_app = typer.Typer(help="Load data in bulk into a running service.", no_args_is_help=True)
T = TypeVar("T")
_SHOWN_ERRORS = 20


@dataclass(frozen=True)
class Options:
    file: Path
    file_format: FileFormat
    batch: int
    mode: ImportMode
    dry_run: bool
    report: Path | None


@dataclass
class Summary:
    counts: Counts
    round_trips: int  # database round trips the service reported, for the batches sent
    sent_rows: int
    skipped_batches: int
    seconds: float


class _RowRate(ProgressColumn):
    """Rows handled so far, and rows per second sent in this run."""

    def render(self, task: Task) -> Text:
        rows, sent = task.fields.get("rows", 0), task.fields.get("sent", 0)
        rate = sent / task.elapsed if task.elapsed else 0.0
        return Text(f"{rows:,} rows · {rate:,.0f} rows/s", style="progress.data.speed")


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _send_batch(sender: Sender, batch: list[Record]) -> tuple[Counts, list[dict[str, Any]], int]:
    """Send the batch's usable records; the counts and errors of all of it, by file row."""
    sendable = [r for r in batch if r.code is None]
    errors: list[dict[str, Any]] = [
        {"row": r.row, "code": r.code, "detail": r.detail} for r in batch if r.code
    ]
    counts = Counts(received=len(batch), failed=len(errors))
    if not sendable:
        return counts, errors, 0
    answer = sender.send(b"\n".join(r.line for r in sendable))
    for name in ("created", "updated", "unchanged", "failed"):
        setattr(counts, name, getattr(counts, name) + int(answer.body[name]))
    for error in answer.body["errors"]:
        errors.append({**error, "row": sendable[int(error["row"]) - 1].row})
    errors.sort(key=lambda error: int(error["row"]))
    return counts, errors, answer.round_trips


def run(sender: Sender, options: Options, checkpoint: Checkpoint, console: Console) -> Summary:
    """Send the file's batches not yet in ``checkpoint``, recording each one there."""
    started = time.perf_counter()
    summary = Summary(Counts(), round_trips=0, sent_rows=0, skipped_batches=0, seconds=0.0)
    columns = (
        TextColumn("[bold]importing[/bold]"),
        BarColumn(),
        TaskProgressColumn(),
        _RowRate(),
        TimeRemainingColumn(),
    )
    with (
        options.file.open("rb") as file,
        closing(records(file, options.file_format)) as found,
        Progress(*columns, console=console) as progress,
    ):
        size = options.file.stat().st_size
        task = progress.add_task("import", total=size or 1, rows=0, sent=0)
        rows_done = 0
        for number, batch in enumerate(_batches(found, options.batch), start=1):
            if number in checkpoint.done:
                summary.skipped_batches += 1
            else:
                counts, errors, trips = _send_batch(sender, batch)
                checkpoint.record(number, counts, errors)
                summary.round_trips += trips
                summary.sent_rows += len(batch)
            rows_done += len(batch)
            progress.update(task, completed=file.tell(), rows=rows_done, sent=summary.sent_rows)
        progress.update(task, completed=size or 1)
    summary.counts = checkpoint.totals()
    summary.seconds = time.perf_counter() - started
    return summary


def write_report(path: Path, options: Options, summary: Summary, checkpoint: Checkpoint) -> None:
    """The per-row report, its errors streamed from the checkpoint (a row is its file row)."""
    head = {
        "file": str(options.file),
        "mode": options.mode.value,
        "dry_run": options.dry_run,
        **asdict(summary.counts),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps(head)[:-1] + ', "errors": [')
        for position, error in enumerate(checkpoint.errors()):
            out.write(("," if position else "") + "\n  " + json.dumps(error))
        out.write("\n]}\n")


def _print_summary(console: Console, options: Options, summary: Summary) -> None:
    counts = summary.counts
    rate = summary.sent_rows / summary.seconds if summary.seconds else 0.0
    console.print(
        f"{counts.received:,} rows: {counts.created:,} created, {counts.updated:,} updated, "
        f"{counts.unchanged:,} unchanged, {counts.failed:,} failed"
        + (" (dry run: nothing was written)" if options.dry_run else "")
    )
    per_thousand = 1000 * summary.round_trips / summary.sent_rows if summary.sent_rows else 0.0
    console.print(
        f"{summary.sent_rows:,} rows sent in {summary.seconds:.1f} s ({rate:,.0f} rows/s), "
        f"{summary.round_trips:,} database round trips ({per_thousand:.1f} per 1,000 rows)"
    )
    if summary.skipped_batches:
        console.print(f"resumed: {summary.skipped_batches:,} batches were already done")


def _print_errors(console: Console, checkpoint: Checkpoint) -> None:
    table = Table("row", "code", "detail", title="rows not imported (the first ones)")
    for position, error in enumerate(checkpoint.errors()):
        if position == _SHOWN_ERRORS:
            break
        table.add_row(str(error["row"]), str(error["code"]), str(error["detail"]))
    console.print(table)


def service_url(value: str) -> str:
    """``--url`` as the service's base URL: ``localhost:8000`` would be taken for a URL scheme
    named "localhost" and fail only after every retry, so it is refused at once."""
    parsed = httpx.URL(value) if "://" in value else None
    if parsed is None or parsed.scheme not in ("http", "https") or not parsed.host:
        raise typer.BadParameter(
            f"{value!r} is not an http:// or https:// URL; e.g. http://127.0.0.1:8000"
        )
    return value


@import_app.command("contacts")
def contacts(
    file: Annotated[
        Path,
        typer.Argument(exists=True, dir_okay=False, readable=True, help="CSV, NDJSON or JSON."),
    ],
    url: Annotated[
        str,
        typer.Option(
            envvar="RELATIONSHIPS_URL",
            callback=service_url,
            help="The service, e.g. http://127.0.0.1:8000.",
        ),
    ],
    api_key: Annotated[str, typer.Option(envvar="RELATIONSHIPS_API_KEY", help="App or admin key.")],
    file_format: Annotated[
        FileFormat | None, typer.Option("--format", help="Default: from the file's extension.")
    ] = None,
    batch: Annotated[int, typer.Option(min=1, max=MAX_ROWS, help="Rows per request.")] = 1000,
    dry_run: Annotated[bool, typer.Option(help="Validate and report; write nothing.")] = False,
    mode: Annotated[
        ImportMode, typer.Option(help="merge: keep fields a row leaves out; replace: clear them.")
    ] = ImportMode.MERGE,
    report: Annotated[
        Path | None, typer.Option(help="Per-row error report (JSON); makes the run resumable.")
    ] = None,
    retries: Annotated[int, typer.Option(min=0, help="Retries per batch.")] = 5,
) -> None:
    """Import contacts from FILE: streamed, sent in batches, resumable with --report."""
    console = Console(stderr=True, soft_wrap=True)
    chosen = file_format or guess_format(file)
    if chosen is None:
        console.print("[red]Cannot tell the file's format from its name; pass --format.[/red]")
        raise typer.Exit(code=2)
    options = Options(file, chosen, batch, mode, dry_run, report)
    journal = report.with_name(report.name + ".checkpoint") if report else _scratch_path()
    with file.open("rb") as opened:
        run_id = identify(
            opened, file, {"format": chosen.value, "batch": batch, "mode": mode.value}
        )
    checkpoint, resumed = Checkpoint.open(journal, {**run_id, "dry_run": dry_run})
    if resumed:
        console.print(f"resuming from {journal}: {len(checkpoint.done):,} batches already done")

    def on_retry(reason: str, wait: float) -> None:
        console.print(f"[yellow]{reason}; retrying in {wait:.1f} s[/yellow]")

    timeout = httpx.Timeout(120.0, connect=10.0)
    headers = {"Authorization": f"Bearer {api_key}"}
    try:
        with httpx.Client(base_url=url, headers=headers, timeout=timeout) as http:
            warn_if_too_large_for_embedded(http, file, console)
            sender = Sender(http, mode.value, dry_run, retries=retries, on_retry=on_retry)
            summary = run(sender, options, checkpoint, console)
    except (ImportRejected, SourceError, KeyboardInterrupt) as error:
        stopped = isinstance(error, KeyboardInterrupt)
        console.print(f"[red]Import {'interrupted' if stopped else f'stopped: {error}'}[/red]")
        if isinstance(error, SourceError):
            # The same file stops at the same place; a corrected file is another file, whose
            # run starts over (sending the rows already imported again changes nothing).
            console.print("Nothing from that batch on was sent; correct the file and run again.")
            checkpoint.remove()
        elif report:
            console.print("The batches done are recorded: run the same command again to go on.")
        else:
            checkpoint.remove()
        raise typer.Exit(code=130 if stopped else 2) from None
    if report:
        write_report(report, options, summary, checkpoint)
    elif summary.counts.failed:
        _print_errors(console, checkpoint)
    checkpoint.remove()
    _print_summary(Console(soft_wrap=True), options, summary)
    if report:
        console.print(f"report: {report}")
    raise typer.Exit(code=1 if summary.counts.failed else 0)


def _scratch_path() -> Path:
    """Where a run without --report keeps its checkpoint (deleted at the end)."""
    with tempfile.NamedTemporaryFile(prefix="import-", suffix=".checkpoint", delete=False) as f:
        return Path(f.name)
