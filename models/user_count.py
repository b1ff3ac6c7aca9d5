"""The ``user_counts`` collection: each user's counts, spread over a few slot documents.

A count is the sum of its field over the user's slot documents. Every change adds its delta to
one slot picked at random, so many changes to one user at once (a celebrity gaining followers)
write different documents instead of all conflicting on one.
"""

from beanie import Document


class UserCount(Document):
    tenant_id: str
    user_id: str
    slot: int
    friends: int = 0
    followers: int = 0
    following: int = 0
    friend_requests_incoming: int = 0
    friend_requests_outgoing: int = 0
    follow_requests_incoming: int = 0
    follow_requests_outgoing: int = 0
    blocks: int = 0
    # Mutes without an end only: a timed mute is counted while in force, at read time (see
    # service.core.data.counting), because its end (and the TTL purge) changes no counter.
    permanent_mutes: int = 0
    contacts: int = 0

    class Settings:
        name = "user_counts"
