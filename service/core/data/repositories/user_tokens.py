"""The ``user_tokens`` repository: each user's token generation (revocation)."""

from datetime import datetime

from indexes import UserTokensIndex
from service.core.data.tenancy import TenantCollection


class UserTokensRepository:
    def __init__(self, collection: TenantCollection, moment: datetime) -> None:
        self._collection = collection
        self._moment = moment

    async def generation(self, user_id: str) -> int:
        """The generation new tokens of the user carry; a token of an older one is revoked."""
        document = await self._collection.find_one({"user_id": user_id}, index=UserTokensIndex.USER)
        return int(document["generation"]) if document else 0

    async def revoke_all(self, user_id: str) -> None:
        """Every token issued to the user so far stops working (it stays so after an erase:
        this record outlives the user's data)."""
        await self._collection.update_one(
            {"user_id": user_id},
            {"$inc": {"generation": 1}, "$set": {"updated_at": self._moment}},
            index=UserTokensIndex.USER,
            upsert=True,
        )
