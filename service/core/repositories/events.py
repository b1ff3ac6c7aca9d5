"""The ``relationship_events`` repository: the append-only history of one tenant."""

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from beanie import PydanticObjectId

from indexes import EventIndex
from models.event import RelationshipEvent
from service.core.pagination import NEWEST_FIRST, PageRequest, split_page
from service.core.tenancy import TenantCollection


class EventRepository:
    def __init__(self, collection: TenantCollection, tenant_id: str, moment: datetime) -> None:
        self._collection = collection
        self._tenant_id = tenant_id
        self._moment = moment

    async def append(self, **fields: Any) -> RelationshipEvent:
        """Append one event at the call's moment."""
        event = RelationshipEvent(
            id=PydanticObjectId(), tenant_id=self._tenant_id, at=self._moment, **fields
        )
        await self._collection.insert_one(
            event.model_dump(by_alias=True, exclude={"revision_id", "tenant_id"})
        )
        return event

    async def append_many(self, events: Sequence[Mapping[str, Any]]) -> list[RelationshipEvent]:
        """Append many events at the call's moment, in one round trip."""
        built = [
            RelationshipEvent(
                id=PydanticObjectId(), tenant_id=self._tenant_id, at=self._moment, **fields
            )
            for fields in events
        ]
        await self._collection.insert_many(
            [e.model_dump(by_alias=True, exclude={"revision_id", "tenant_id"}) for e in built]
        )
        return built

    async def page(
        self, *, visible_to: str | None, page: PageRequest
    ) -> tuple[list[RelationshipEvent], str | None]:
        """Events ``visible_to`` may see, newest first; without it, the tenant's whole trail."""
        query: dict[str, Any] = {}
        index = EventIndex.TENANT_TIME
        if visible_to is not None:
            query["visible_to"] = visible_to
            index = EventIndex.VISIBLE_TO
        query.update(page.bound())
        documents = await self._collection.find(
            query, index=index, sort=NEWEST_FIRST, limit=page.limit + 1
        )
        kept, next_cursor = split_page(documents, page.limit)
        return [RelationshipEvent.model_validate(d) for d in kept], next_cursor
