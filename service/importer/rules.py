"""Bulk contact import: the same ``contact`` edges, switches and history as one-by-one saves.

Good rows are written in batches. Each batch is one step serialised on all of its pairs: one read
of the stored contacts of its pairs, one read of the blocks between them, one unordered bulk
write of upserts, and one insert of a ``contact_saved`` event per row that changed something.
A batch that loses a race runs again on fresh state, so importing the same rows twice changes
nothing the second time.
"""

import asyncio
import dataclasses
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from models.enums import ActorKind, ContactSource, EventAction, RelationshipStatus, RelationshipType
from models.relationship import ContactMetadata, UserRelationship
from service.core.actors import Actor
from service.core.errors import PayloadTooLarge
from service.core.steps.changes import save_many_and_record
from service.core.steps.context import TenantContext
from service.core.steps.runner import run_on_pairs
from service.importer.rows import Parsed, Row, RowCode, RowError, check

log = logging.getLogger(__name__)

MAX_ROWS = 10_000
IMPORT_DETAILS = {"via": "import"}  # the event's mark that an import made the change


class ImportMode(StrEnum):
    MERGE = "merge"  # set the fields a row gives, keep the others
    REPLACE = "replace"  # the row is the whole entry: fields it does not give are cleared


@dataclass
class ImportReport:
    received: int
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.errors)


@dataclass
class _Batch:
    """What one batch does: the edges to write, and what each of its rows came to."""

    saves: list[tuple[UserRelationship, UserRelationship | None]] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)


async def import_contacts(
    ctx: TenantContext,
    values: Sequence[Parsed],
    *,
    mode: ImportMode,
    dry_run: bool,
    batch_size: int,
    client_gone: Callable[[], Awaitable[bool]] | None = None,
) -> ImportReport:
    """Save every good row as a contact (``dry_run``: only say what would happen).

    Between batches it lets the server answer other calls, and stops when ``client_gone`` says
    nobody waits for the answer any more (the batches written stay written: each is complete).
    """
    if len(values) > MAX_ROWS:
        raise PayloadTooLarge(
            f"{len(values):,} rows: at most {MAX_ROWS:,} per request; send smaller batches."
        )
    report = ImportReport(received=len(values))
    rows = _acceptable(values, report.errors)
    for start in range(0, len(rows), batch_size):
        if start:
            await asyncio.sleep(0)  # a batch holds the event loop; others go between batches
            if client_gone is not None and await client_gone():
                log.info(
                    "import stopped after %d of %d rows: the client went away", start, len(rows)
                )
                break
        batch = rows[start : start + batch_size]
        outcome = await (_decide(ctx, batch, mode) if dry_run else _write(ctx, batch, mode))
        report.created += sum(previous is None for _, previous in outcome.saves)
        report.updated += sum(previous is not None for _, previous in outcome.saves)
        report.unchanged += outcome.unchanged
        report.errors += outcome.errors
    report.errors.sort(key=lambda error: error.row)
    return report


def _acceptable(values: Sequence[Parsed], errors: list[RowError]) -> list[Row]:
    """The rows that can be used; the others' errors go to ``errors``."""
    rows: list[Row] = []
    first_seen: dict[tuple[str, str], int] = {}
    for number, value in enumerate(values, start=1):
        row = check(number, value)
        if isinstance(row, RowError):
            errors.append(row)
        elif row.pair in first_seen:
            detail = f"The same pair as row {first_seen[row.pair]}."
            errors.append(RowError(number, RowCode.DUPLICATE_ROW, detail))
        else:
            first_seen[row.pair] = number
            rows.append(row)
    return rows


def _guarded_pairs(batch: Sequence[Row]) -> list[tuple[str, str]]:
    """Each pair of users once, whichever of the two holds the edge."""
    pairs: dict[frozenset[str], tuple[str, str]] = {}
    for row in batch:
        pairs.setdefault(frozenset(row.pair), row.pair)
    return list(pairs.values())


async def _write(ctx: TenantContext, batch: Sequence[Row], mode: ImportMode) -> _Batch:
    # Rule 12: the history says an import made these changes (with the admin's key, if one).
    ctx = dataclasses.replace(ctx, actor=Actor(ActorKind.IMPORT, ctx.actor.key_id))

    async def write_batch(at_moment: TenantContext) -> _Batch:
        outcome = await _decide(at_moment, batch, mode)
        await save_many_and_record(
            at_moment, outcome.saves, action=EventAction.CONTACT_SAVED, details=IMPORT_DETAILS
        )
        return outcome

    return await run_on_pairs(ctx, _guarded_pairs(batch), write_batch)


async def _decide(ctx: TenantContext, batch: Sequence[Row], mode: ImportMode) -> _Batch:
    pairs = [row.pair for row in batch]
    stored = await ctx.edges.owned(pairs, RelationshipType.CONTACT)
    blocked = await ctx.edges.blocked_pairs(pairs)
    outcome = _Batch()
    for row in batch:
        if frozenset(row.pair) in blocked:
            detail = f"A block between {row.user_id} and {row.target_user_id} forbids it."
            outcome.errors.append(RowError(row.number, RowCode.BLOCKED, detail))
            continue
        previous = stored.get(row.pair)
        metadata = _metadata(previous, row, mode)
        if previous is None:
            edge = ctx.edges.new(
                *row.pair, RelationshipType.CONTACT, RelationshipStatus.ACTIVE, metadata=metadata
            )
        elif previous.metadata == metadata:
            outcome.unchanged += 1
            continue
        else:
            edge = previous.model_copy(update={"metadata": metadata})
        outcome.saves.append((edge, previous))
    return outcome


def _metadata(previous: UserRelationship | None, row: Row, mode: ImportMode) -> ContactMetadata:
    """The entry once the row is applied. ``source`` defaults to ``imported`` for a new entry
    or a replaced one; merging into an existing entry keeps the source it has."""
    if previous is None or mode is ImportMode.REPLACE:
        return ContactMetadata(**{"source": ContactSource.IMPORTED.value, **row.given})
    base = previous.metadata or ContactMetadata()
    return base.model_copy(update=row.given)
