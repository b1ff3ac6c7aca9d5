"""What every domain operation receives: repositories bound to the caller's tenant.

The auth dependency builds one per request (:meth:`TenantContext.bind`). The rules reach data
only through its repositories, which put the tenant into every filter and document, so no rule
can name, or forget, a tenant. It is a plain record: how a step runs is the
:class:`~service.core.steps.runner.StepRunner`'s business, and the feature switches are checked
by the routers' dependency before a rule runs.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from models.tenant import TenantSettings
from service.core.actors import USER, Actor
from service.core.clock import Clock
from service.core.data.database import Collection, Store
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
    UserTokensRepository,
)
from service.core.data.repositories.pair_guards import PairGuardRepository
from service.core.data.tenancy import TenantCollection
from service.core.errors import SelfRelationship

if TYPE_CHECKING:
    from service.core.steps.runner import StepRunner


@dataclass
class RequestTimes:
    """A request's times on the step runner's clock, shared by every context of the request.

    ``sent_at``: when its client finished sending it, which is its arrival for a request
    without a body, and moves on while a body streams in (an upload's time is the client's,
    not the service's). ``stepped``: whether a step of it has begun. The client waits from
    ``sent_at`` until its request's first step answers, so that step's budget counts from
    then; a later step of a long request (an import's next batch) counts from its own start.
    """

    sent_at: float
    stepped: bool = False


@dataclass(frozen=True)
class TenantContext:
    tenant_id: str  # for logs and limits; the rules never need it
    settings: TenantSettings
    # One step acts at one moment: its timestamps and history events agree (the runner gives
    # each step its own, see StepRunner).
    moment: datetime
    edges: EdgeRepository
    counts: CountRepository
    lists: ListRepository
    dismissals: DismissalRepository
    grants: GrantRepository
    user_settings: UserSettingsRepository
    user_tokens: UserTokensRepository
    events: EventRepository
    account: TenantAccount
    guards: PairGuardRepository
    runner: "StepRunner"  # runs this call's steps
    actor: Actor = USER  # who makes the changes of this call (written on every event)
    # The runner's monotonic time when the request found its tenant live (None: not a request,
    # a command or a test): every step of the request must end within a budget of it.
    admitted_at: float | None = None
    # The request's times (None: not a request): what its client has waited counts from its
    # arrival, queueing before the tenant was looked up included.
    request: RequestTimes | None = None

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
        runner: "StepRunner | None" = None,
        admitted_at: float | None = None,
        request: RequestTimes | None = None,
    ) -> "TenantContext":
        """``runner``: the app's; without one (a command, a test), a runner of its own on
        ``store`` whose steps take their moments from ``clock``."""
        if runner is None:
            from service.core.steps.runner import StepRunner  # the runner builds contexts

            runner = StepRunner(store, clock=clock)

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
            user_tokens=UserTokensRepository(scoped(store.user_tokens), moment),
            events=EventRepository(scoped(store.events), tenant_id, moment),
            account=TenantAccount(TenantRegistry(store.tenants), tenant_id),
            guards=PairGuardRepository(
                scoped(store.pair_guards), lease_seconds=store.lease_seconds
            ),
            runner=runner,
            actor=actor,
            admitted_at=admitted_at,
            request=request,
        )

    def now(self) -> datetime:
        return self.moment

    def at(self, moment: datetime) -> "TenantContext":
        """This context at another moment (its repositories stamp what they write with it)."""
        return TenantContext.bind(
            self.runner.store,
            tenant_id=self.tenant_id,
            settings=self.settings,
            moment=moment,
            actor=self.actor,
            runner=self.runner,
            admitted_at=self.admitted_at,
            request=self.request,
        )


def require_other(user_id: str, other_user_id: str) -> None:
    """Seed 003's check constraint: no relationship with yourself."""
    if user_id == other_user_id:
        raise SelfRelationship("A user cannot have a relationship with themselves.")
