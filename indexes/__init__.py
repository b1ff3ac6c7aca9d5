"""How everything is found: every index and the shard key, declared once per collection."""

from indexes.dismissals import DISMISSAL_INDEXES, DISMISSALS_SHARD_KEY, DismissalIndex
from indexes.events import EVENT_INDEXES, EVENTS_SHARD_KEY, EventIndex
from indexes.grants import GRANT_INDEXES, GRANTS_SHARD_KEY, GrantIndex
from indexes.lists import (
    LIST_INDEXES,
    LISTS_SHARD_KEY,
    MEMBER_INDEXES,
    ListIndex,
    MemberIndex,
)
from indexes.pair_guards import PAIR_GUARD_INDEXES, PAIR_GUARDS_SHARD_KEY, PairGuardIndex
from indexes.relationships import RELATIONSHIP_INDEXES, SHARD_KEY, RelationshipIndex
from indexes.spec import IndexMisuse, IndexSpec, ShardKey, check_fit
from indexes.tenants import TENANT_INDEXES, TENANTS_UNSHARDED, TenantIndex
from indexes.user_counts import USER_COUNT_INDEXES, USER_COUNTS_SHARD_KEY, UserCountIndex
from indexes.user_settings import (
    USER_SETTINGS_INDEXES,
    USER_SETTINGS_SHARD_KEY,
    UserSettingsIndex,
)
from indexes.user_tokens import USER_TOKENS_INDEXES, USER_TOKENS_SHARD_KEY, UserTokensIndex
from indexes.webhooks import (
    DELIVERIES_SHARD_KEY,
    DELIVERY_INDEXES,
    WEBHOOK_INDEXES,
    WEBHOOKS_UNSHARDED,
    DeliveryIndex,
    WebhookIndex,
)
from models import (
    ListMember,
    PairGuard,
    RelationshipEvent,
    ResourceGrant,
    SuggestionDismissal,
    Tenant,
    UserCount,
    UserList,
    UserRelationship,
    UserSettings,
    UserTokens,
    Webhook,
    WebhookDelivery,
)

INDEXES_BY_COLLECTION: dict[str, tuple[IndexSpec, ...]] = {
    UserRelationship.Settings.name: RELATIONSHIP_INDEXES,
    RelationshipEvent.Settings.name: EVENT_INDEXES,
    ResourceGrant.Settings.name: GRANT_INDEXES,
    Tenant.Settings.name: TENANT_INDEXES,
    UserSettings.Settings.name: USER_SETTINGS_INDEXES,
    PairGuard.Settings.name: PAIR_GUARD_INDEXES,
    UserTokens.Settings.name: USER_TOKENS_INDEXES,
    UserCount.Settings.name: USER_COUNT_INDEXES,
    UserList.Settings.name: LIST_INDEXES,
    ListMember.Settings.name: MEMBER_INDEXES,
    SuggestionDismissal.Settings.name: DISMISSAL_INDEXES,
    Webhook.Settings.name: WEBHOOK_INDEXES,
    WebhookDelivery.Settings.name: DELIVERY_INDEXES,
}

# Every collection is either sharded by a key here or named in UNSHARDED with its reason
# (tests/test_indexes.py checks that a new collection says which).
SHARD_KEYS: dict[str, ShardKey] = {
    UserRelationship.Settings.name: SHARD_KEY,
    RelationshipEvent.Settings.name: EVENTS_SHARD_KEY,
    PairGuard.Settings.name: PAIR_GUARDS_SHARD_KEY,
    UserSettings.Settings.name: USER_SETTINGS_SHARD_KEY,
    UserTokens.Settings.name: USER_TOKENS_SHARD_KEY,
    ResourceGrant.Settings.name: GRANTS_SHARD_KEY,
    UserCount.Settings.name: USER_COUNTS_SHARD_KEY,
    UserList.Settings.name: LISTS_SHARD_KEY,
    ListMember.Settings.name: LISTS_SHARD_KEY,
    SuggestionDismissal.Settings.name: DISMISSALS_SHARD_KEY,
    WebhookDelivery.Settings.name: DELIVERIES_SHARD_KEY,
}

UNSHARDED: dict[str, str] = {
    Tenant.Settings.name: TENANTS_UNSHARDED,
    Webhook.Settings.name: WEBHOOKS_UNSHARDED,
}

__all__ = [
    "INDEXES_BY_COLLECTION",
    "SHARD_KEYS",
    "UNSHARDED",
    "DeliveryIndex",
    "DismissalIndex",
    "EventIndex",
    "GrantIndex",
    "IndexMisuse",
    "IndexSpec",
    "ListIndex",
    "MemberIndex",
    "PairGuardIndex",
    "RelationshipIndex",
    "TenantIndex",
    "UserCountIndex",
    "UserSettingsIndex",
    "UserTokensIndex",
    "WebhookIndex",
    "check_fit",
]
