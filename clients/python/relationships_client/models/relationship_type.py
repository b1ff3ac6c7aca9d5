from enum import StrEnum

class RelationshipType(StrEnum):
    BLOCKED = "blocked"
    CONTACT = "contact"
    FOLLOWING = "following"
    FRIEND = "friend"
    MUTED = "muted"

    def __str__(self) -> str:
        return str(self.value)
