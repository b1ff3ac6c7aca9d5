"""Opaque keyset cursors: newest first by ``_id``, so concurrent inserts never shift a page."""

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from bson import ObjectId
from bson.errors import InvalidId
from pydantic import BaseModel

from service.core.errors import InvalidCursor

T = TypeVar("T")
DEFAULT_LIMIT = 50
MAX_LIMIT = 200
NEWEST_FIRST: tuple[tuple[str, int], ...] = (("_id", -1),)
OLDEST_FIRST: tuple[tuple[str, int], ...] = (("_id", 1),)
_PREFIX = "c1:"


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None


@dataclass(frozen=True)
class PageRequest:
    limit: int = DEFAULT_LIMIT
    after: ObjectId | None = None

    def bound(self) -> dict[str, Any]:
        """The filter part that starts this page after the previous one's last item."""
        return {"_id": {"$lt": self.after}} if self.after else {}


def id_at(moment: datetime) -> ObjectId:
    """A fresh id whose time is ``moment`` (to the second), so that ids sort as their
    documents' times do and a time range is an ``_id`` range."""
    return ObjectId(int(moment.timestamp()).to_bytes(4, "big") + ObjectId().binary[4:])


def id_range(since: datetime | None, until: datetime | None) -> dict[str, ObjectId]:
    """The ``_id`` bounds of ids made by :func:`id_at` from ``since`` (inclusive) to ``until``
    (exclusive), widened to whole seconds: filter the exact times beside it. A bound outside
    the times an id can hold (1970 to 2106) bounds nothing."""
    bounds: dict[str, ObjectId] = {}
    if since is not None and (second := int(since.timestamp())) > 0:
        bounds["$gte"] = _first_id_of(min(second, _LAST_ID_SECOND))
    if until is not None and (second := int(until.timestamp()) + 1) <= _LAST_ID_SECOND:
        bounds["$lt"] = _first_id_of(max(second, 0))
    return bounds


_LAST_ID_SECOND = 2**32 - 1


def _first_id_of(second: int) -> ObjectId:
    return ObjectId(second.to_bytes(4, "big") + bytes(8))


def id_floor(moment: datetime) -> ObjectId:
    """The lowest id :func:`id_at` can give in ``moment``'s second: every id made in an earlier
    second sorts below it, every id made in that second or later above or at it."""
    return _first_id_of(min(max(int(moment.timestamp()), 0), _LAST_ID_SECOND))


def encode_cursor(last_id: ObjectId) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> ObjectId:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if not text.startswith(_PREFIX):
            raise ValueError(text)
        return ObjectId(text.removeprefix(_PREFIX))
    except (ValueError, binascii.Error, UnicodeDecodeError, InvalidId) as error:
        raise InvalidCursor("The cursor is not one this service issued.") from error


def split_page(
    documents: list[dict[str, Any]], limit: int
) -> tuple[list[dict[str, Any]], str | None]:
    """``documents`` was fetched with ``limit + 1``: the extra one only says a next page exists."""
    if len(documents) <= limit:
        return documents, None
    kept = documents[:limit]
    return kept, encode_cursor(kept[-1]["_id"])
