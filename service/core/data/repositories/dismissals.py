"""The ``suggestion_dismissals`` repository."""

from collections.abc import Sequence
from datetime import datetime

from indexes import DismissalIndex
from service.core.data.tenancy import TenantCollection


class DismissalRepository:
    def __init__(self, collection: TenantCollection, moment: datetime) -> None:
        self._collection = collection
        self._moment = moment

    async def dismiss(self, user_id: str, other_id: str, *, until: datetime) -> None:
        await self._collection.update_one(
            {"user_id": user_id, "other_id": other_id},
            {"$set": {"until": until}},
            index=DismissalIndex.PAIR,
            upsert=True,
        )

    async def dismissed(self, user_id: str, others: Sequence[str]) -> set[str]:
        """Which of ``others`` the user dismissed, and the dismissal has not ended (one query)."""
        if not others:
            return set()
        documents = await self._collection.find(
            {"user_id": user_id, "other_id": {"$in": sorted(set(others))}},
            index=DismissalIndex.PAIR,
        )
        return {str(d["other_id"]) for d in documents if d["until"] > self._moment}

    async def erase_user(self, user_id: str) -> int:
        mine = await self._collection.delete_many({"user_id": user_id}, index=DismissalIndex.PAIR)
        theirs = await self._collection.delete_many(
            {"other_id": user_id}, index=DismissalIndex.OTHER
        )
        return mine + theirs
