from enum import StrEnum

class FriendState(StrEnum):
    ACCEPTED = "accepted"
    NONE = "none"
    PENDING_INCOMING = "pending_incoming"
    PENDING_OUTGOING = "pending_outgoing"

    def __str__(self) -> str:
        return str(self.value)
