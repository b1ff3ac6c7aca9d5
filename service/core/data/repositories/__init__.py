"""The tenant-bound data layer: one repository per collection, the only code that builds filters.

The auth dependency binds each to the caller's tenant (``service.core.steps.context``); each
owns its collection's filters, index names and (de)serialisation, on top of
``service.core.data.tenancy.TenantCollection``, which puts the tenant into every filter and
document.
"""

from service.core.data.repositories.counts import CountRepository
from service.core.data.repositories.dismissals import DismissalRepository
from service.core.data.repositories.edges import EdgeRepository
from service.core.data.repositories.events import EventRepository
from service.core.data.repositories.grants import GrantRepository
from service.core.data.repositories.lists import ListRepository
from service.core.data.repositories.tenants import TenantAccount, TenantRegistry
from service.core.data.repositories.user_settings import UserSettingsRepository
from service.core.data.repositories.user_tokens import UserTokensRepository

__all__ = [
    "CountRepository",
    "DismissalRepository",
    "EdgeRepository",
    "EventRepository",
    "GrantRepository",
    "ListRepository",
    "TenantAccount",
    "TenantRegistry",
    "UserSettingsRepository",
    "UserTokensRepository",
]
