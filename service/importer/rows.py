"""Import rows: how a request body becomes rows, and what makes a row acceptable.

A row that cannot be used is not an error of the request: it becomes a :class:`RowError` with a
stable :class:`RowCode`, and the rows around it are still imported.
"""

import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Strict, ValidationError

from models.enums import ContactSource
from service.core.ids import Nickname, Notes, ShortText, UserId

BOM = b"\xef\xbb\xbf"


class RowCode(StrEnum):
    """Why a row was skipped; stable, for programs to act on."""

    INVALID_ROW = "invalid_row"  # a malformed NDJSON line, or a row that is not a JSON object
    UNKNOWN_FIELD = "unknown_field"
    MISSING_FIELD = "missing_field"
    INVALID_FIELD = "invalid_field"  # a wrong type, a bad user id, a text too long
    INVALID_SOURCE = "invalid_source"
    SELF_RELATIONSHIP = "self_relationship"
    DUPLICATE_ROW = "duplicate_row"  # the same pair as an earlier row of the request
    BLOCKED = "blocked"  # a block between the two users, in either direction


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based, in the order received
    code: RowCode
    detail: str


class MalformedBody(ValueError):
    """The body as a whole cannot be read (a JSON body that is not an array)."""


class NotAnArray(MalformedBody):
    """Readable JSON, but not the array of rows a JSON body must be."""


StrictUserId = Annotated[UserId, Strict()]
StrictShortText = Annotated[ShortText, Strict()]
# The same rules as the single-contact API: trimmed, bounded, no control characters.
StrictNickname = Annotated[Nickname, Strict()]
StrictNotes = Annotated[Notes, Strict()]


class ContactRow(BaseModel):
    """One contact to save: ``user_id`` keeps ``target_user_id`` in their address book."""

    model_config = ConfigDict(extra="forbid")

    user_id: StrictUserId
    target_user_id: StrictUserId
    nickname: StrictNickname | None = None
    notes: StrictNotes | None = None
    source: ContactSource | None = None
    imported_from: StrictShortText | None = None


FIELDS: tuple[str, ...] = tuple(ContactRow.model_fields)
METADATA_FIELDS = ("nickname", "notes", "source", "imported_from")


@dataclass(frozen=True)
class Row:
    """An acceptable row: its number, and the metadata fields it gives (null is not giving)."""

    number: int
    user_id: str
    target_user_id: str
    given: dict[str, str]

    @property
    def pair(self) -> tuple[str, str]:
        return self.user_id, self.target_user_id


Parsed = RowError | Any  # a JSON value, or the error of a line that is not one


def parse_ndjson(body: bytes) -> list[Parsed]:
    """One JSON value per non-blank line (blank lines are not rows); a bad line is a row error."""
    values: list[Parsed] = []
    for line in body.removeprefix(BOM).split(b"\n"):
        if not line.strip():
            continue
        number = len(values) + 1
        try:
            values.append(json.loads(line))
        # ValueError also covers a number past 4,300 digits; RecursionError, nesting too deep.
        except (ValueError, RecursionError) as error:
            values.append(RowError(number, RowCode.INVALID_ROW, f"Not a JSON value: {error}"))
    return values


def parse_json_array(body: bytes) -> list[Parsed]:
    try:
        values = json.loads(body.removeprefix(BOM))
    except (ValueError, RecursionError) as error:
        raise MalformedBody(f"The body is not JSON: {error}") from error
    if not isinstance(values, list):
        raise NotAnArray("A JSON body must be an array of rows.")
    return values


def _code(error: Any) -> RowCode:
    if error["type"] == "extra_forbidden":
        return RowCode.UNKNOWN_FIELD
    if error["type"] == "missing":
        return RowCode.MISSING_FIELD
    if error["loc"][:1] == ("source",):
        return RowCode.INVALID_SOURCE
    return RowCode.INVALID_FIELD


def check(number: int, value: Parsed) -> Row | RowError:
    """The row, or why it cannot be used (the first problem found names its field)."""
    if isinstance(value, RowError):
        return value
    if not isinstance(value, dict):
        return RowError(number, RowCode.INVALID_ROW, "A row must be a JSON object.")
    try:
        row = ContactRow.model_validate(value)
    except ValidationError as invalid:
        first = invalid.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "row"
        detail = f"{field}: {first['msg']}"
        if first["loc"][:1] == ("source",):
            detail += f" (one of: {', '.join(ContactSource)})"
        return RowError(number, _code(first), detail)
    if row.user_id == row.target_user_id:
        return RowError(number, RowCode.SELF_RELATIONSHIP, "A user cannot save themselves.")
    given = row.model_dump(mode="json", include=set(METADATA_FIELDS), exclude_none=True)
    return Row(number, row.user_id, row.target_user_id, given)
