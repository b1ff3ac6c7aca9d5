from enum import StrEnum

class SummaryInclude(StrEnum):
    MUTUAL_FRIENDS = "mutual_friends"

    def __str__(self) -> str:
        return str(self.value)
