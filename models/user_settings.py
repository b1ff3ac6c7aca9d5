"""The ``user_settings`` collection: per-user preferences the rules depend on."""

from datetime import datetime

from beanie import Document


class UserSettings(Document):
    tenant_id: str
    user_id: str
    follow_requires_approval: bool | None = None  # None: the tenant's default
    updated_at: datetime

    def requires_approval(self, tenant_default: bool) -> bool:
        """Whether following the user needs their approval: their own choice wins."""
        if self.follow_requires_approval is None:
            return tenant_default
        return self.follow_requires_approval

    class Settings:
        name = "user_settings"
