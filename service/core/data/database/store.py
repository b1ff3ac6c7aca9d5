"""The store: the service's collections on one database, and how a step's attempt runs."""

import asyncio
import logging
import os
import signal
from collections.abc import Awaitable, Callable
from enum import StrEnum
from typing import Any, TypeVar

from indexes import INDEXES_BY_COLLECTION
from indexes.sync import missing_indexes, sync_indexes
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
from service.core.data.database.collection import Collection, DriverCall
from service.core.data.database.errors import ConnectionFailure, DatabaseError
from service.core.data.database.outage import Outage
from service.core.data.database.transactions import current_session, in_transaction

log = logging.getLogger(__name__)
T = TypeVar("T")
# Set only by tests of crash recovery: see Store.wrote.
KILL_AFTER_WRITES_VARIABLE = "RELATIONSHIPS_TEST_KILL_AFTER_WRITES"


class GuardMode(StrEnum):
    """How steps on one pair of users are kept from interleaving."""

    TRANSACTION = "transaction"  # a guard document written first in each step's transaction
    LEASE = "lease"  # no transactions: a short lease on the guard, held for the step
    NONE = "none"  # the embedded backend: its calls never yield, so steps never interleave


class Store:
    def __init__(
        self,
        client: Any,
        database: Any,
        *,
        embedded: bool,
        transactions: bool,
        lease_seconds: float = 30.0,
    ) -> None:
        self.client = client
        self.database = database
        self.embedded = embedded
        self.transactions = transactions
        self.lease_seconds = lease_seconds  # without transactions: see PairGuardRepository
        # Tests of crash recovery only: the process kills itself right after this many writes
        # to tenant data (set by tests through the environment, never by a deployment).
        self._kill_after_writes = int(os.environ.get(KILL_AFTER_WRITES_VARIABLE) or 0)
        self._writes = 0
        self.outage = Outage(lambda: client.admin.command("ping"))
        # Each sees every call made to the driver; tests use them to see index use and scoping.
        self.observers: list[Callable[[DriverCall], None]] = []
        self._resync: asyncio.Task[None] | None = None

        def collection(document: Any, *, tenant_scoped: bool = True) -> Collection:
            name = document.Settings.name
            return Collection(
                self, database[name], INDEXES_BY_COLLECTION[name], tenant_scoped=tenant_scoped
            )

        self.relationships = collection(UserRelationship)
        self.events = collection(RelationshipEvent)
        self.user_settings = collection(UserSettings)
        self.grants = collection(ResourceGrant)
        self.pair_guards = collection(PairGuard)
        self.user_tokens = collection(UserTokens)
        self.user_counts = collection(UserCount)
        self.user_lists = collection(UserList)
        self.list_members = collection(ListMember)
        self.dismissals = collection(SuggestionDismissal)
        # Operator-level registry: the credential lookup cannot know the tenant yet.
        self.tenants = collection(Tenant, tenant_scoped=False)
        # Read across tenants by the webhook worker; the admin API binds them to its tenant.
        self.webhooks = collection(Webhook, tenant_scoped=False)
        self.webhook_deliveries = collection(WebhookDelivery, tenant_scoped=False)

    def wrote(self) -> None:
        """A write to tenant data has returned (see ``KILL_AFTER_WRITES_VARIABLE``)."""
        if self._kill_after_writes:
            self._writes += 1
            if self._writes == self._kill_after_writes:
                os.kill(os.getpid(), signal.SIGKILL)

    @property
    def collections(self) -> list[Collection]:
        return [
            self.relationships,
            self.events,
            self.grants,
            self.user_settings,
            self.pair_guards,
            self.user_tokens,
            self.user_counts,
            self.user_lists,
            self.list_members,
            self.dismissals,
            self.tenants,
            self.webhooks,
            self.webhook_deliveries,
        ]

    @property
    def guard_mode(self) -> GuardMode:
        if self.embedded:
            return GuardMode.NONE
        return GuardMode.TRANSACTION if self.transactions else GuardMode.LEASE

    async def attempt(self, work: Callable[[], Awaitable[T]]) -> T:
        """Run ``work`` once, atomically where transactions are on (inside a running
        transaction: as part of it). A lost race surfaces as the driver's error, for the step
        runner to run the step again."""
        if not self.transactions or current_session() is not None:
            return await work()
        return await in_transaction(self.client, work)

    def resync_indexes_soon(self) -> None:
        """Re-create missing declared indexes in the background (once at a time)."""
        if self._resync is None or self._resync.done():
            self._resync = asyncio.get_running_loop().create_task(self._resync_indexes())

    async def _resync_indexes(self) -> None:
        try:
            report = await sync_indexes(self.collections)
        except DatabaseError:
            log.exception("re-creating the declared indexes failed")
            return
        log.warning("declared indexes were missing; synced: %d", len(report))

    async def missing_indexes(self) -> list[str]:
        return await missing_indexes(self.collections)

    def check_reachable(self) -> None:
        """Raise ``DatabaseDown`` at once while the database is known to be unreachable (for
        callers that reach it by other clients, like the rate limiter's storage)."""
        self.outage.check()

    def noticed(self, error: BaseException) -> None:
        """A driver error met outside the facade (the rate limiter's storage has its own
        client): an unreachable database is known down from then on, as if met here."""
        self.outage.noticed(error)

    async def ping(self) -> None:
        self.outage.check()
        if self.embedded:  # mongomock has no server commands; any read proves it answers
            await self.tenants.is_empty()
            return
        try:
            await self.client.admin.command("ping")
        except ConnectionFailure as error:
            self.outage.noticed(error)
            raise

    def close(self) -> None:
        self.client.close()
