"""What every domain operation receives: repositories bound to the caller's tenant.

The auth dependency builds one per request (:meth:`TenantContext.bind`). The rules reach data
only through its repositories, which put the tenant into every filter and document, so no rule
can name, or forget, a tenant.
"""

import dataclasses
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from models.enums import RelationshipType
from models.tenant import TenantSettings
from service.core.actors import USER, Actor
from service.core.clock import Clock
from service.core.data.database import Collection, GuardMode, Store
from service.core.data.repositories import (
    CountRepository,
    DismissalRepository,
    EdgeRepository,
    EventRepository,
    GrantRepository,
    ListRepository,
    TenantAccount,
    TenantRegistry,
    UserSettingsRepository,
)
from service.core.data.repositories.pair_guards import PairGuardRepository, pair_keys, user_key
from service.core.data.tenancy import TenantCollection
from service.core.errors import FeatureDisabled, SelfRelationship

T = TypeVar("T")
# A step's body: it receives the context at the step's own moment.
Step = Callable[["TenantContext"], Awaitable[T]]


@dataclass(frozen=True)
class TenantContext:
    tenant_id: str  # for logs and limits; the rules never need it
    settings: TenantSettings
    # One step acts at one moment: its timestamps and history events agree. A step takes its
    # own (``renewed``) once its pairs are guarded, so ids and times follow the order in which
    # steps on a pair really happened, even when a later request won a race.
    moment: datetime
    edges: EdgeRepository
    counts: CountRepository
    lists: ListRepository
    dismissals: DismissalRepository
    grants: GrantRepository
    user_settings: UserSettingsRepository
    events: EventRepository
    account: TenantAccount
    guards: PairGuardRepository
    _store: Store
    actor: Actor = USER  # who makes the changes of this call (written on every event)
    clock: Clock | None = None  # where a step's moment comes from (None: the moment stays)

    @classmethod
    def bind(
        cls,
        store: Store,
        *,
        tenant_id: str,
        settings: TenantSettings,
        moment: datetime,
        actor: Actor = USER,
        clock: Clock | None = None,
    ) -> "TenantContext":
        def scoped(collection: Collection) -> TenantCollection:
            return TenantCollection(collection, tenant_id)

        counts = CountRepository(scoped(store.user_counts))
        return cls(
            tenant_id=tenant_id,
            settings=settings,
            moment=moment,
            edges=EdgeRepository(scoped(store.relationships), tenant_id, moment, counts),
            counts=counts,
            lists=ListRepository(
                scoped(store.user_lists), scoped(store.list_members), tenant_id, moment
            ),
            dismissals=DismissalRepository(scoped(store.dismissals), moment),
            grants=GrantRepository(scoped(store.grants), tenant_id, moment),
            user_settings=UserSettingsRepository(scoped(store.user_settings), tenant_id, moment),
            events=EventRepository(scoped(store.events), tenant_id, moment),
            account=TenantAccount(TenantRegistry(store.tenants), tenant_id),
            guards=PairGuardRepository(scoped(store.pair_guards)),
            _store=store,
            actor=actor,
            clock=clock,
        )

    def now(self) -> datetime:
        return self.moment

    def renewed(self) -> "TenantContext":
        """This context at the clock's present moment (the same guards: a step's leases)."""
        if self.clock is None:
            return self
        fresh = TenantContext.bind(
            self._store,
            tenant_id=self.tenant_id,
            settings=self.settings,
            moment=self.clock.now(),
            actor=self.actor,
            clock=self.clock,
        )
        return dataclasses.replace(fresh, guards=self.guards)

    async def run_step(self, work: Step[T]) -> T:
        """Run ``work`` atomically where transactions are on; again if it lost a race. Each
        run gets the context at its own moment."""
        return await self._store.transaction(lambda: work(self.renewed()))

    async def run_on_pair(self, a: str, b: str, work: Step[T]) -> T:
        """Like :meth:`run_step`, serialised with every other step on the pair ``a``, ``b``."""
        return await self.run_on_pairs([(a, b)], work)

    async def run_on_pairs(self, pairs: Iterable[tuple[str, str]], work: Step[T]) -> T:
        """Like :meth:`run_on_pair` for many pairs at once (a batch), guards written in bulk.

        Under transactions the guards are written first in the transaction, so the step's
        snapshot starts after any step on those pairs that committed before; without, the
        step runs holding a lease on each pair.
        """
        keys = pair_keys(pairs)
        mode = self._store.guard_mode
        if mode is GuardMode.TRANSACTION:

            async def guarded() -> T:
                await self.guards.touch(keys)
                return await work(self.renewed())

            return await self._store.transaction(guarded)
        if mode is GuardMode.LEASE:
            async with self.guards.leased(keys):
                return await self.run_step(work)
        return await self.run_step(work)

    async def hold_user(self, user: str) -> None:
        """Serialise the rest of this step with every other step that holds ``user`` (a count
        that must not be exceeded, like a cap): in the transaction, a write to the user's guard;
        without one, a lease on it held until the step ends."""
        mode = self._store.guard_mode
        if mode is GuardMode.TRANSACTION:
            await self.guards.touch([user_key(user)])
        elif mode is GuardMode.LEASE:
            await self.guards.hold(user_key(user))

    def require_module(self) -> None:
        """Seed 000's ``connections_enabled``: the whole module on or off for the tenant."""
        if not self.settings.connections_enabled:
            raise FeatureDisabled("The relationships module is switched off for this tenant.")

    def require_enabled(self, relationship_type: RelationshipType) -> None:
        self.require_module()
        if not self.settings.type_enabled(relationship_type):
            raise FeatureDisabled(f"'{relationship_type}' relationships are switched off.")


def require_other(user_id: str, other_user_id: str) -> None:
    """Seed 003's check constraint: no relationship with yourself."""
    if user_id == other_user_id:
        raise SelfRelationship("A user cannot have a relationship with themselves.")
