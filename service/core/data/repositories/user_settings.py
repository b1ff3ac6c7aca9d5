"""The ``user_settings`` repository: per-user preferences the rules depend on."""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from indexes import UserSettingsIndex
from models.user_settings import UserSettings
from service.core.data.tenancy import LAYER_FIELDS, TenantCollection


class UserSettingsRepository:
    def __init__(self, collection: TenantCollection, tenant_id: str, moment: datetime) -> None:
        self._collection = collection
        self._tenant_id = tenant_id
        self._moment = moment

    def _defaults(self, user_id: str) -> UserSettings:
        return UserSettings(tenant_id=self._tenant_id, user_id=user_id, updated_at=self._moment)

    async def get(self, user_id: str) -> UserSettings:
        """Any id is valid without registration: a user nobody configured has the defaults."""
        document = await self._collection.find_one(
            {"user_id": user_id}, index=UserSettingsIndex.USER
        )
        return UserSettings.model_validate(document) if document else self._defaults(user_id)

    async def put(self, user_id: str, *, follow_requires_approval: bool) -> UserSettings:
        settings = self._defaults(user_id)
        settings.follow_requires_approval = follow_requires_approval
        await self._collection.update_one(
            {"user_id": user_id},
            {"$set": settings.model_dump(exclude=LAYER_FIELDS | {"id", "user_id"})},
            index=UserSettingsIndex.USER,
            upsert=True,
        )
        return settings

    async def erase_user(self, user_id: str) -> int:
        return await self._collection.delete_many(
            {"user_id": user_id}, index=UserSettingsIndex.USER
        )

    async def erasure(self, alias: str) -> dict[str, Any] | None:
        """The progress of erasing the user whose pseudonym is ``alias`` (kept under the
        pseudonym, never the raw id), or None before any erase began."""
        document = await self._collection.find_one({"user_id": alias}, index=UserSettingsIndex.USER)
        found = document.get("erasure") if document else None
        return dict(found) if isinstance(found, dict) else None

    async def save_erasure(self, alias: str, progress: Mapping[str, Any]) -> None:
        await self._collection.update_one(
            {"user_id": alias},
            {"$set": {"erasure": dict(progress), "updated_at": self._moment}},
            index=UserSettingsIndex.USER,
            upsert=True,
        )

    async def add_to_erasure(self, alias: str, removed: Mapping[str, int]) -> None:
        """Add to the erase's totals (one write, in the step that removed them)."""
        increments = {f"erasure.{name}": count for name, count in removed.items() if count}
        if increments:
            await self._collection.update_one(
                {"user_id": alias}, {"$inc": increments}, index=UserSettingsIndex.USER, upsert=True
            )
