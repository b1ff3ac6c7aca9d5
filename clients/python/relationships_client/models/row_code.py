from enum import StrEnum

class RowCode(StrEnum):
    BLOCKED = "blocked"
    DUPLICATE_ROW = "duplicate_row"
    INVALID_FIELD = "invalid_field"
    INVALID_ROW = "invalid_row"
    INVALID_SOURCE = "invalid_source"
    MISSING_FIELD = "missing_field"
    SELF_RELATIONSHIP = "self_relationship"
    UNKNOWN_FIELD = "unknown_field"

    def __str__(self) -> str:
        return str(self.value)
