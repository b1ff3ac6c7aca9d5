"""The ``user_settings`` repository: per-user preferences the rules depend on."""

from datetime import datetime

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
