"""The queries allowed to reach more than one shard, each by name with its bound.

Every other query on a sharded collection names its collection's whole shard key by equality,
so a ``mongos`` sends it to one shard (tests/wire/test_query_shapes.py checks every command the
service sends). A query is named by the index it is hinted with: the facade hints every query,
so the index names the query's shape. Two kinds of scatter:

* ``listed``: the filter lists shard-key values with ``$in`` (a pair's two sides, the users of
  one summary): the ``mongos`` sends it to the shard of each value only, at most ``listed``;
* ``tenant_wide``: the filter names the tenant but not the rest of the shard key: it reaches
  every shard holding a chunk of the tenant's range (one for a small tenant, all of them for
  the largest), and each answers from the named index: one seek plus its own matches.

``page`` bounds the per-shard work of a sorted find (a page): it carries a limit no larger,
so each shard answers at most that many index keys however large the set (the celebrity's
followers). docs/scaling.md multiplies these out; tests/test_indexes.py checks the numbers
against the service's own caps.
"""

from dataclasses import dataclass

from indexes.dismissals import DismissalIndex
from indexes.events import EventIndex
from indexes.grants import GrantIndex
from indexes.lists import MemberIndex
from indexes.relationships import RelationshipIndex
from indexes.user_counts import UserCountIndex
from indexes.webhooks import DeliveryIndex

PAGE = 201  # the largest page (200, core/data/pagination.MAX_LIMIT) and the one that says "more"
FEED_PAGE = 500  # the change feed's largest batch (feed/router.MAX_FEED_LIMIT)
USERS_LISTED = 101  # one user and up to 100 others: a summary or counts of 100 ids, an erase batch


@dataclass(frozen=True)
class Scatter:
    query: str  # what sends it
    bound: str  # the work per shard reached, written beside the declaration
    listed: int = 1  # at most this many shard-key values listed by $in (shards reached)
    tenant_wide: bool = False  # may reach every shard of the tenant
    page: int | None = None  # a sorted find under this name carries a limit no larger


BOUNDED_SCATTERS: dict[tuple[str, str], Scatter] = {
    ("user_relationships", RelationshipIndex.PAIR): Scatter(
        "a pair both ways, a summary of up to 100 users, an erase's batch of counterparties",
        "one shard per user listed (at most 101), one index seek on each",
        listed=USERS_LISTED,
    ),
    ("user_relationships", RelationshipIndex.TARGET_LIST): Scatter(
        "who follows me / who asked me (pages), mutuals' smaller side, an erase's target side",
        "each of the tenant's shards: one seek, then at most `page` keys for a page (the hot "
        "user: docs/scaling.md); an erase or intersection reads only the user's own edges",
        tenant_wide=True,
        page=PAGE,
    ),
    ("user_relationships", RelationshipIndex.SCAN): Scatter(
        "the integrity check and a tenant's export, in batches",
        "each of the tenant's shards: one seek and at most one batch (200) per call",
        tenant_wide=True,
        page=PAGE,
    ),
    ("relationship_events", EventIndex.VISIBLE_TO): Scatter(
        "a user's history (events list two users, so no user can be their shard key)",
        "each of the tenant's shards: one seek, then at most 201 keys for a history page",
        tenant_wide=True,
        page=PAGE,
    ),
    ("relationship_events", EventIndex.PAIR): Scatter(
        "the integrity check's histories of a batch of pairs, the admin's trail of two users",
        "each of the tenant's shards: one seek per pair key (at most 200 pairs and their 400 "
        "users a batch), then the pairs' own events: what the two users did to each other, "
        "never their events with others (a celebrity's pair with one fan reads that pair's); "
        "a trail page at most 201 keys; plus the range of events from before pair keys, "
        "emptied by the check's first pass",
        tenant_wide=True,
    ),
    ("relationship_events", EventIndex.TENANT_TIME): Scatter(
        "the tenant's audit trail and change feed (ranged by time: the newest chunk answers)",
        "the shards whose chunks overlap the _id range asked, at most `page`/feed batch keys",
        tenant_wide=True,
        page=FEED_PAGE,
    ),
    ("relationship_events", EventIndex.INVOLVES): Scatter(
        "the admin's trail of one or two users; an export's and an erase's events of a user",
        "each of the tenant's shards: one seek, then its own matches (a page, or an erase "
        "batch of 500)",
        tenant_wide=True,
        page=FEED_PAGE,
    ),
    ("relationship_events", EventIndex.ACTION): Scatter(
        "the admin's trail of one action, the feed filtered by action",
        "each of the tenant's shards: one seek per action, then at most `page` keys",
        tenant_wide=True,
        page=FEED_PAGE,
    ),
    ("resource_grants", GrantIndex.GRANTEE): Scatter(
        "grants a user received; a block's grant revocation between two users; an erase",
        "listed: one shard per owner (two for a pair); else each of the tenant's shards: one "
        "seek, then the user's own received grants",
        listed=USERS_LISTED,
        tenant_wide=True,
        page=PAGE,
    ),
    ("resource_grants", GrantIndex.SCAN): Scatter(
        "the integrity check, in batches",
        "each of the tenant's shards: one seek and at most one batch per call",
        tenant_wide=True,
        page=PAGE,
    ),
    ("list_members", MemberIndex.MEMBER_OF): Scatter(
        "every list a user is on (an export, an erase)",
        "each of the tenant's shards: one seek, then the user's own memberships",
        tenant_wide=True,
    ),
    ("list_members", MemberIndex.HOLDER): Scatter(
        "a block removing each from the other's lists",
        "one shard per owner listed (two)",
        listed=USERS_LISTED,
    ),
    ("user_counts", UserCountIndex.SLOT): Scatter(
        "the counts of up to 100 users (a summary, GET counts?user_ids=)",
        "one shard per user listed (at most 101), one seek each",
        listed=USERS_LISTED,
    ),
    ("user_counts", UserCountIndex.SCAN): Scatter(
        "the integrity check's recount, in batches",
        "each of the tenant's shards: one seek and at most one batch per call",
        tenant_wide=True,
        page=PAGE,
    ),
    ("suggestion_dismissals", DismissalIndex.OTHER): Scatter(
        "an erase: dismissals of the user by anyone",
        "each of the tenant's shards: one seek, then the user's own dismissals",
        tenant_wide=True,
    ),
    ("webhook_deliveries", DeliveryIndex.DUE): Scatter(
        "the delivery worker's round over due deliveries, across every tenant (no API call)",
        "every shard: one seek, then at most the round's batch (webhooks/delivery.SEND_BATCH, "
        "200) keys, oldest due first",
        tenant_wide=True,
        page=PAGE,
    ),
}
