"""The ``user_tokens`` repository: each user's token generation (revocation), by pseudonym."""

from datetime import datetime

from indexes import UserTokensIndex
from service.core.data.tenancy import TenantCollection


class UserTokensRepository:
    """``subject`` is the user's pseudonym (``TenantAccount.pseudonym``), never their id."""

    def __init__(self, collection: TenantCollection, moment: datetime) -> None:
        self._collection = collection
        self._moment = moment

    async def generation(self, subject: str) -> int:
        """The generation new tokens of the user carry; a token of an older one is revoked."""
        document = await self._collection.find_one(
            {"subject": subject}, index=UserTokensIndex.SUBJECT
        )
        return int(document["generation"]) if document else 0

    async def revoke_all(self, subject: str) -> None:
        """Every token issued to the user so far stops working (and stays so after an erase:
        this record outlives the user's data, naming only their pseudonym)."""
        await self._collection.update_one(
            {"subject": subject},
            {"$inc": {"generation": 1}, "$set": {"updated_at": self._moment}},
            index=UserTokensIndex.SUBJECT,
            upsert=True,
        )
