"""The ``user_settings`` collection: per-user preferences the rules depend on."""

from datetime import datetime

from beanie import Document


class UserSettings(Document):
    tenant_id: str
    user_id: str
    follow_requires_approval: bool = False
    updated_at: datetime

    class Settings:
        name = "user_settings"
