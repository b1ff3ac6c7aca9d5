"""What every domain operation receives: the tenant it acts in, and the means to act."""

from dataclasses import dataclass
from datetime import datetime

from models.enums import RelationshipType
from models.tenant import TenantSettings
from service.core.database import Store
from service.core.errors import FeatureDisabled, SelfRelationship


@dataclass(frozen=True)
class TenantContext:
    store: Store
    tenant_id: str
    settings: TenantSettings
    moment: datetime  # one API call acts at one moment: its timestamps and events agree

    def now(self) -> datetime:
        return self.moment

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
