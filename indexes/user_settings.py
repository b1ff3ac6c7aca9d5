"""Indexes of ``user_settings``."""

from enum import StrEnum

from indexes.spec import IndexSpec


class UserSettingsIndex(StrEnum):
    USER = "tenant_user_unique"


USER_SETTINGS_SHARD_KEY: dict[str, int] = {"tenant_id": 1, "user_id": 1}

USER_SETTINGS_INDEXES: tuple[IndexSpec, ...] = (
    IndexSpec(UserSettingsIndex.USER, (("tenant_id", 1), ("user_id", 1)), unique=True),
)
