"""The one source of "now", so that tests can move time instead of sleeping."""

from datetime import UTC, datetime
from typing import Protocol


def truncate_to_millis(moment: datetime) -> datetime:
    """BSON dates keep milliseconds; truncating up front keeps stored and returned times equal."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return truncate_to_millis(datetime.now(UTC))
