"""The ``resource_grants`` collection: seed 003's deed-level permissions, generalised.

An owner grants ``read`` on one of their resources to any number of accepted friends or
followers, and ``write`` to at most one of them per resource.
"""

from datetime import datetime

from beanie import Document

from models.enums import Permission


class ResourceGrant(Document):
    tenant_id: str
    owner_id: str
    resource_id: str  # the tenant's own id for the resource
    grantee_id: str
    permission: Permission
    granted_at: datetime
    updated_at: datetime
    version: int = 0

    class Settings:
        name = "resource_grants"
