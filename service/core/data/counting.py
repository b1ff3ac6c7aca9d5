"""Which counts an edge adds to, and the deltas of a change (pure: no I/O).

Every count is derived from one edge at a time: an edge in a given type and status adds one to
a fixed count of its owner, and sometimes one to a count of its target (a follow is the
owner's ``following`` and the target's ``followers``). A change from one edge state to another
is then the difference of the two, whoever makes it: a rule, a block's severing, an import, an
erase, a repair. The repository of the edges tallies every write it makes, so no path that
changes an edge can forget its counts.

Mutes: only mutes without an end are counted here. A timed mute stops counting the moment it
ends, and nothing is written at that moment (the TTL purge comes later and changes no
counter), so timed mutes in force are counted at read time, by a range on their end in an
index of the muter's own mutes: the work is bounded by the mutes the user set themselves and
that are still running, never by what other users do.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from enum import StrEnum

from models.enums import RelationshipStatus, RelationshipType
from models.relationship import UserRelationship


class Count(StrEnum):
    """A stored count: a field of the ``user_counts`` slot documents."""

    FRIENDS = "friends"
    FOLLOWERS = "followers"
    FOLLOWING = "following"
    FRIEND_REQUESTS_INCOMING = "friend_requests_incoming"
    FRIEND_REQUESTS_OUTGOING = "friend_requests_outgoing"
    FOLLOW_REQUESTS_INCOMING = "follow_requests_incoming"
    FOLLOW_REQUESTS_OUTGOING = "follow_requests_outgoing"
    BLOCKS = "blocks"
    PERMANENT_MUTES = "permanent_mutes"
    CONTACTS = "contacts"


# The relationship type each count belongs to (a count of a switched-off type is not shown).
COUNT_TYPES: Mapping[Count, RelationshipType] = {
    Count.FRIENDS: RelationshipType.FRIEND,
    Count.FRIEND_REQUESTS_INCOMING: RelationshipType.FRIEND,
    Count.FRIEND_REQUESTS_OUTGOING: RelationshipType.FRIEND,
    Count.FOLLOWERS: RelationshipType.FOLLOWING,
    Count.FOLLOWING: RelationshipType.FOLLOWING,
    Count.FOLLOW_REQUESTS_INCOMING: RelationshipType.FOLLOWING,
    Count.FOLLOW_REQUESTS_OUTGOING: RelationshipType.FOLLOWING,
    Count.BLOCKS: RelationshipType.BLOCKED,
    Count.PERMANENT_MUTES: RelationshipType.MUTED,
    Count.CONTACTS: RelationshipType.CONTACT,
}

_OWNER_TARGET: Mapping[tuple[RelationshipType, RelationshipStatus], tuple[Count, Count | None]] = {
    (RelationshipType.FRIEND, RelationshipStatus.ACCEPTED): (Count.FRIENDS, None),
    (RelationshipType.FRIEND, RelationshipStatus.PENDING): (
        Count.FRIEND_REQUESTS_OUTGOING,
        Count.FRIEND_REQUESTS_INCOMING,
    ),
    (RelationshipType.FOLLOWING, RelationshipStatus.ACTIVE): (Count.FOLLOWING, Count.FOLLOWERS),
    (RelationshipType.FOLLOWING, RelationshipStatus.PENDING): (
        Count.FOLLOW_REQUESTS_OUTGOING,
        Count.FOLLOW_REQUESTS_INCOMING,
    ),
    (RelationshipType.BLOCKED, RelationshipStatus.ACTIVE): (Count.BLOCKS, None),
    (RelationshipType.CONTACT, RelationshipStatus.ACTIVE): (Count.CONTACTS, None),
}


def contributions(edge: UserRelationship | None) -> list[tuple[str, Count]]:
    """The (user, count) pairs ``edge`` adds one to; none for a missing edge."""
    if edge is None:
        return []
    if edge.type is RelationshipType.MUTED:
        permanent = edge.muting is not None and edge.muting.mute_until is None
        return [(edge.user_id, Count.PERMANENT_MUTES)] if permanent else []
    counts = _OWNER_TARGET.get((edge.type, edge.status))
    if counts is None:  # rejected requests count nowhere
        return []
    owner_count, target_count = counts
    found = [(edge.user_id, owner_count)]
    if target_count is not None:
        found.append((edge.target_user_id, target_count))
    return found


class Tally:
    """The count deltas of the edge changes of one write, summed per user."""

    def __init__(self) -> None:
        self._deltas: dict[tuple[str, Count], int] = defaultdict(int)

    def change(self, before: UserRelationship | None, after: UserRelationship | None) -> None:
        for key in contributions(before):
            self._deltas[key] -= 1
        for key in contributions(after):
            self._deltas[key] += 1

    def removed(self, edges: Iterable[UserRelationship]) -> None:
        for edge in edges:
            self.change(edge, None)

    def forget(self, user_id: str) -> None:
        """Drop the user's own deltas (an erased user keeps no counts)."""
        for key in [key for key in self._deltas if key[0] == user_id]:
            del self._deltas[key]

    def by_user(self) -> dict[str, dict[Count, int]]:
        """The non-zero deltas of each user."""
        found: dict[str, dict[Count, int]] = defaultdict(dict)
        for (user, count), delta in self._deltas.items():
            if delta:
                found[user][count] = delta
        return dict(found)


def totals(edges: Iterable[UserRelationship]) -> dict[str, dict[Count, int]]:
    """What the stored counts of each user named by ``edges`` should be (the recount)."""
    tally = Tally()
    for edge in edges:
        tally.change(None, edge)
    return tally.by_user()
