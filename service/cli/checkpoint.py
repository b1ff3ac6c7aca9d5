"""The checkpoint of an import run: which batches are done, with their counts and row errors.

It is a JSON-lines file next to the report (``report.json.checkpoint``): a first line naming the
run (the file's size, modification time and first bytes' hash; the format, batch size, mode and
dry run), then one line per finished batch, appended and flushed to disk before the next batch is
sent. A run started again with the same report path skips the batches it lists; a line cut short
by a kill is ignored (that batch is sent again, which changes nothing a second time). A
checkpoint of another file or other options is set aside and the run starts over.
"""

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

_HEAD_BYTES = 64 * 1024


@dataclass
class Counts:
    received: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0

    def add(self, other: "Counts") -> None:
        for name, value in asdict(other).items():
            setattr(self, name, getattr(self, name) + value)


def identify(file: BinaryIO, path: Path, options: dict[str, Any]) -> dict[str, Any]:
    """What a checkpoint must match to be resumed: this file, read the same way."""
    stat = path.stat()
    position = file.tell()
    head = hashlib.sha256(file.read(_HEAD_BYTES)).hexdigest()
    file.seek(position)
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "head_sha256": head, **options}


@dataclass
class Checkpoint:
    path: Path
    done: dict[int, Counts] = field(default_factory=dict)

    @classmethod
    def open(cls, path: Path, run: dict[str, Any]) -> tuple["Checkpoint", bool]:
        """The checkpoint at ``path`` if it is this run's (resumed: True), else a fresh one."""
        checkpoint = cls(path)
        lines = _read_lines(path)
        if lines and lines[0].get("run") == run:
            for line in lines[1:]:
                checkpoint.done[int(line["batch"])] = Counts(**line["counts"])
            return checkpoint, True
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as out:
            out.write(json.dumps({"run": run}) + "\n")
        return checkpoint, False

    def record(self, batch: int, counts: Counts, errors: list[dict[str, Any]]) -> None:
        line = {"batch": batch, "counts": asdict(counts), "errors": errors}
        with self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(line) + "\n")
            out.flush()
            os.fsync(out.fileno())
        self.done[batch] = counts

    def totals(self) -> Counts:
        total = Counts()
        for counts in self.done.values():
            total.add(counts)
        return total

    def errors(self) -> Iterator[dict[str, Any]]:
        """Every row error recorded, batch by batch, read back from disk one line at a time."""
        with self.path.open(encoding="utf-8") as lines:
            next(lines, None)
            for text in lines:
                line = _parse(text)
                if line is not None:
                    yield from line["errors"]

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


def _parse(text: str) -> dict[str, Any] | None:
    try:
        line = json.loads(text)
    except json.JSONDecodeError:  # the last line of a killed run may be cut short
        return None
    return line if isinstance(line, dict) else None


def _read_lines(path: Path) -> list[dict[str, Any]]:
    """The header and each batch's counts (not the errors: they stay on disk)."""
    if not path.exists():
        return []
    found = []
    with path.open(encoding="utf-8") as lines:
        for text in lines:
            line = _parse(text)
            if line is not None:
                line.pop("errors", None)
                found.append(line)
    return found
