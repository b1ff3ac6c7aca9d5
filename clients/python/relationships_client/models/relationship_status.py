from enum import StrEnum

class RelationshipStatus(StrEnum):
    ACCEPTED = "accepted"
    ACTIVE = "active"
    PENDING = "pending"
    REJECTED = "rejected"

    def __str__(self) -> str:
        return str(self.value)
