"""Reading an import file as a stream of records, in constant memory whatever its size.

Each record is sent to the service as one NDJSON line. A record the file itself gets wrong (a
CSV line with more cells than the header) carries its error instead, and is never sent.
"""

import csv
import io
import json
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO

from service.importer.rows import BOM, FIELDS, RowCode

_CHUNK = 64 * 1024
_MAX_ELEMENT = 1024 * 1024  # a JSON array element larger than this is taken as malformed
# No row field is longer than a few thousand characters (notes: 2,000); a quoted cell this long
# is a quote left open. csv's own field limit (131,072) stops a longer one while it is read.
_MAX_CELL = 16 * 1024


class FileFormat(StrEnum):
    CSV = "csv"
    NDJSON = "ndjson"
    JSON = "json"  # one JSON array of row objects


_SUFFIXES = {
    ".csv": FileFormat.CSV,
    ".ndjson": FileFormat.NDJSON,
    ".jsonl": FileFormat.NDJSON,
    ".json": FileFormat.JSON,
}


class SourceError(Exception):
    """The file cannot be read as the format says (its header, its encoding, its structure)."""


@dataclass(frozen=True)
class Record:
    row: int  # where it is in the file: its first line (CSV, NDJSON), its position (JSON array)
    line: bytes = b""  # the row as one JSON line
    code: RowCode | None = None  # set when the file itself makes the row unusable
    detail: str = ""


def guess_format(path: Path) -> FileFormat | None:
    return _SUFFIXES.get(path.suffix.lower())


def records(file: BinaryIO, file_format: FileFormat) -> Generator[Record, None, None]:
    """The file's records; close the generator before the file (its readers wrap the file)."""
    if file_format is FileFormat.CSV:
        return _csv(file)
    if file_format is FileFormat.NDJSON:
        return _ndjson(file)
    return _json_array(file)


def _ndjson(file: BinaryIO) -> Generator[Record, None, None]:
    """Lines are passed on as they are: the service reports a malformed one."""
    for number, line in enumerate(file, start=1):
        if number == 1:
            line = line.removeprefix(BOM)
        content = line.rstrip(b"\r\n")
        if content.strip():
            yield Record(row=number, line=content)


def _lines(file: BinaryIO) -> Iterator[str]:
    """The file's lines, each decoded by itself, so a byte that is not UTF-8 is reported on
    its own line (a text wrapper decodes ahead, in chunks of thousands of lines)."""
    for number, raw in enumerate(file, start=1):
        try:
            yield (raw.removeprefix(BOM) if number == 1 else raw).decode("utf-8")
        except UnicodeDecodeError as error:
            raise SourceError(f"Line {number} is not UTF-8: {error.reason}.") from error


def _csv(file: BinaryIO) -> Generator[Record, None, None]:
    """A header row naming the row fields, then one row per record; an empty cell is a field
    the row does not give. Quoted cells may hold commas and line breaks, but a quote must
    close: a quoted cell that runs to the end of the file, or past ``_MAX_CELL`` characters,
    is a file error at the line it starts on, and nothing from there on is read as rows."""
    # strict: an unclosed quote at the end of the file is an error, not a cell that swallowed
    # the rest of the file.
    reader = csv.reader(_lines(file), strict=True)
    ended = 0
    try:
        header = [name.strip() for name in next(reader, [])]
        unknown = [name for name in header if name not in FIELDS]
        if unknown:
            raise SourceError(f"Unknown columns {unknown}; the columns are {', '.join(FIELDS)}.")
        ended = reader.line_num
        for cells in reader:
            started, ended = ended + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(header):
                detail = f"{len(cells)} cells, but the header names {len(header)} columns."
                yield Record(row=started, code=RowCode.INVALID_ROW, detail=detail)
                continue
            if any(len(cell) > _MAX_CELL for cell in cells):
                raise SourceError(
                    f"Line {started}: a cell longer than {_MAX_CELL:,} characters "
                    "(is a quote left open?)."
                )
            given = {name: cell for name, cell in zip(header, cells, strict=False) if cell}
            yield Record(row=started, line=json.dumps(given).encode())
    except csv.Error as error:
        raise SourceError(
            f"Unreadable CSV from line {ended + 1}: {error} (is a quote left open?)."
        ) from error


def _json_array(file: BinaryIO) -> Generator[Record, None, None]:
    """The elements of one JSON array, decoded one at a time as the file streams in."""
    text = io.TextIOWrapper(file, encoding="utf-8-sig")
    decoder = json.JSONDecoder()
    buffer, at, ended = "", 0, False

    def more() -> None:
        nonlocal buffer, at, ended
        chunk = text.read(_CHUNK)
        buffer, at, ended = buffer[at:] + chunk, 0, not chunk

    def next_char() -> str:
        """The next character that is not white space ('' at the end of the file)."""
        nonlocal at
        while True:
            while at < len(buffer) and buffer[at].isspace():
                at += 1
            if at < len(buffer) or ended:
                return buffer[at : at + 1]
            more()

    def malformed(what: str) -> SourceError:
        return SourceError(f"The file is not a JSON array of rows: {what}.")

    try:
        if next_char() != "[":
            raise malformed("it does not start with '['")
        at += 1
        position = 0
        while True:
            char = next_char()
            if char == "]":
                return
            if position and char != ",":
                raise malformed(f"',' or ']' expected after element {position}")
            if position:
                at += 1
                next_char()
            while True:
                try:
                    value, end = decoder.raw_decode(buffer, at)
                except json.JSONDecodeError as error:
                    if ended or len(buffer) - at > _MAX_ELEMENT:
                        raise malformed(f"element {position + 1}: {error.msg}") from error
                else:
                    if end < len(buffer) or ended:  # a number may go on in the next chunk
                        break
                more()
            at = end
            position += 1
            yield Record(row=position, line=json.dumps(value).encode())
    except UnicodeDecodeError as error:
        raise SourceError(f"The file is not UTF-8: {error}") from error
    finally:
        text.detach()
