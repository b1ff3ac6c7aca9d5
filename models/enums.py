"""Every stored enumeration, defined once."""

from enum import StrEnum


class RelationshipType(StrEnum):
    CONTACT = "contact"
    FRIEND = "friend"
    FOLLOWING = "following"
    BLOCKED = "blocked"
    MUTED = "muted"


class RelationshipStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    ACTIVE = "active"


class ContactSource(StrEnum):
    """Where a contact came from (seed 004)."""

    SEARCH = "search"
    QR_CODE = "qr_code"
    GROUP = "group"
    IMPORTED = "imported"


class KeyScope(StrEnum):
    APP = "app"  # acts for any user of its tenant
    ADMIN = "admin"  # everything APP may, plus the tenant-admin endpoints


class ActorKind(StrEnum):
    """Who made a change (rule 12): the user (through the tenant's app), a tenant admin, the
    operator, or an import."""

    USER = "user"
    ADMIN = "admin"
    OPERATOR = "operator"
    IMPORT = "import"


class EdgeSource(StrEnum):
    """Seed 004's ``metadata.source``: how the user came to the other user."""

    SEARCH = "search"
    QR_CODE = "qr_code"
    GROUP = "group"
    IMPORTED = "imported"


class Permission(StrEnum):
    READ = "read"  # any number of grantees per resource
    WRITE = "write"  # at most one grantee per resource; implies read


class EventAction(StrEnum):
    FOLLOW = "follow"
    UNFOLLOW = "unfollow"
    FOLLOW_REQUESTED = "follow_requested"
    FOLLOW_APPROVED = "follow_approved"
    FOLLOW_REJECTED = "follow_rejected"
    FOLLOW_NOTIFICATIONS_CHANGED = "follow_notifications_changed"
    FOLLOWER_REMOVED = "follower_removed"
    FRIEND_REQUESTED = "friend_requested"
    FRIEND_ACCEPTED = "friend_accepted"
    FRIEND_REJECTED = "friend_rejected"
    FRIEND_CANCELLED = "friend_cancelled"
    FRIEND_REMOVED = "friend_removed"
    BLOCK = "block"
    UNBLOCK = "unblock"
    MUTE = "mute"
    UNMUTE = "unmute"
    CONTACT_SAVED = "contact_saved"
    CONTACT_REMOVED = "contact_removed"
    NICKNAME_CHANGED = "nickname_changed"
    NOTES_CHANGED = "notes_changed"
    FAVORITE_CHANGED = "favorite_changed"
    GRANT = "grant"
    GRANT_REVOKED = "grant_revoked"
    USER_ERASED = "user_erased"
    LIST_CREATED = "list_created"
    LIST_CHANGED = "list_changed"
    LIST_DELETED = "list_deleted"
    LIST_MEMBER_ADDED = "list_member_added"
    LIST_MEMBER_REMOVED = "list_member_removed"
    REPAIRED = "repaired"  # `relationships check --repair` brought a pair back to a valid state


# Actions the other side of an edge may see in its own history. Mutes, blocks, contacts,
# nicknames and favourites are private to the user who holds the edge (a muted user never learns).
ACTIONS_VISIBLE_TO_TARGET: frozenset[EventAction] = frozenset(
    {
        EventAction.FOLLOW,
        EventAction.UNFOLLOW,
        EventAction.FOLLOW_REQUESTED,
        EventAction.FOLLOW_APPROVED,
        EventAction.FOLLOW_REJECTED,
        EventAction.FOLLOWER_REMOVED,
        EventAction.FRIEND_REQUESTED,
        EventAction.FRIEND_ACCEPTED,
        EventAction.FRIEND_REJECTED,
        EventAction.FRIEND_CANCELLED,
        EventAction.FRIEND_REMOVED,
        EventAction.GRANT,
        EventAction.GRANT_REVOKED,
    }
)
