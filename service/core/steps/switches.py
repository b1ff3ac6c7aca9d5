"""The tenant's feature switches: the module as a whole, and each relationship type.

The routers check them in their dependency (``service.core.http.auth.feature_switch``) before any
rule runs; a rule that picks the type it acts on from its input checks that type here.
"""

from models.enums import RelationshipType
from models.tenant import TenantSettings
from service.core.errors import FeatureDisabled


def require_enabled(settings: TenantSettings, relationship_type: RelationshipType | None) -> None:
    """Seed 000's ``connections_enabled`` (the whole module on or off for the tenant), then the
    switch of ``relationship_type``, if one is named."""
    if not settings.connections_enabled:
        raise FeatureDisabled("The relationships module is switched off for this tenant.")
    if relationship_type is not None and not settings.type_enabled(relationship_type):
        raise FeatureDisabled(f"'{relationship_type}' relationships are switched off.")
