"""Key -> tenant, kept in the process for a few seconds: most requests skip the lookup.

Every request's key was looked up in ``tenants`` (one round trip, the busiest query of all).
An entry is kept ``RELATIONSHIPS_KEY_CACHE_SECONDS`` (default 2) after it was read, so a key
revoked, a tenant deleted or its settings changed take effect within that delay in every
process. This process forgets every entry at once when it writes to ``tenants`` itself (seen
through the store's observers), so a change made through it takes effect here at once.

A request served from the cache counts the tenant live since the entry was read, not since it
arrived: the step runner's deadline runs from then, so a tenant's deletion fence (two step
budgets) still covers every request that found it live, cached or not.
"""

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from models import Tenant
from models.tenant import ApiKey
from service.core.data.database import DriverCall, Store

READS = frozenset({"find", "find_one", "count"})
CAPACITY = 10_000  # keys kept at most (the least recently used go first)


@dataclass(frozen=True)
class CachedKey:
    tenant: Tenant
    key: ApiKey
    read_at: float  # monotonic seconds: when the tenant was read, live


class KeyCache:
    def __init__(
        self, *, seconds: float, monotonic: Callable[[], float], capacity: int = CAPACITY
    ) -> None:
        self._seconds = seconds
        self._monotonic = monotonic
        self._capacity = capacity
        self._entries: OrderedDict[str, CachedKey] = OrderedDict()

    def watch(self, store: Store) -> None:
        """Forget everything whenever this process writes to ``tenants``."""
        store.observers.append(self._noticed)

    def _noticed(self, call: DriverCall) -> None:
        if call.collection == Tenant.Settings.name and call.operation not in READS:
            self._entries.clear()

    def get(self, key_hash: str) -> CachedKey | None:
        entry = self._entries.get(key_hash)
        if entry is None:
            return None
        if self._monotonic() - entry.read_at >= self._seconds:
            del self._entries[key_hash]
            return None
        self._entries.move_to_end(key_hash)
        return entry

    def put(self, key_hash: str, tenant: Tenant, key: ApiKey, *, read_at: float) -> None:
        if self._seconds <= 0:
            return
        self._entries[key_hash] = CachedKey(tenant, key, read_at)
        self._entries.move_to_end(key_hash)
        while len(self._entries) > self._capacity:
            self._entries.popitem(last=False)
