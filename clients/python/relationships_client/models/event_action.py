from enum import StrEnum

class EventAction(StrEnum):
    BLOCK = "block"
    CONTACT_REMOVED = "contact_removed"
    CONTACT_SAVED = "contact_saved"
    FAVORITE_CHANGED = "favorite_changed"
    FOLLOW = "follow"
    FOLLOWER_REMOVED = "follower_removed"
    FOLLOW_APPROVED = "follow_approved"
    FOLLOW_NOTIFICATIONS_CHANGED = "follow_notifications_changed"
    FOLLOW_REJECTED = "follow_rejected"
    FOLLOW_REQUESTED = "follow_requested"
    FRIEND_ACCEPTED = "friend_accepted"
    FRIEND_CANCELLED = "friend_cancelled"
    FRIEND_REJECTED = "friend_rejected"
    FRIEND_REMOVED = "friend_removed"
    FRIEND_REQUESTED = "friend_requested"
    GRANT = "grant"
    GRANT_REVOKED = "grant_revoked"
    MUTE = "mute"
    NICKNAME_CHANGED = "nickname_changed"
    NOTES_CHANGED = "notes_changed"
    REPAIRED = "repaired"
    UNBLOCK = "unblock"
    UNFOLLOW = "unfollow"
    UNMUTE = "unmute"
    USER_ERASED = "user_erased"

    def __str__(self) -> str:
        return str(self.value)
