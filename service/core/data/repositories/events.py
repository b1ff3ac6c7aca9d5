"""The ``relationship_events`` repository: the append-only history of one tenant."""

from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from beanie import PydanticObjectId
from bson import ObjectId

from indexes import EventIndex
from models.enums import EventAction, RelationshipType
from models.event import RelationshipEvent
from service.core.data.database import Upsert
from service.core.data.pagination import (
    NEWEST_FIRST,
    OLDEST_FIRST,
    PageRequest,
    id_at,
    id_range,
    split_page,
)
from service.core.data.repositories.pair_guards import pair_digest
from service.core.data.tenancy import LAYER_FIELDS, TenantCollection


@dataclass(frozen=True)
class EventFilter:
    """What the admin's audit trail may be narrowed to (each combination index-served)."""

    user_id: str | None = None  # events about the user: as the edge's owner or target
    other_user_id: str | None = None  # with user_id: events between the two
    type: RelationshipType | None = None
    action: EventAction | None = None
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive


def _keyed(fields: Mapping[str, Any]) -> dict[str, Any]:
    """``fields`` with the pair key of their owner and target."""
    return {**fields, "pair": pair_digest(fields["owner"], fields["target"])}


def _of_pairs(pairs: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """Events between the two users of each of ``pairs`` or about one of them alone (an erase,
    a count's repair): one range of the pair index per key. Events written before pair keys
    existed are found beside them, in the index's range of unkeyed events (``relationships
    check`` gives them their keys, leaving that range empty). Two pairs may share a key, so
    the users are filtered too: only events among the pairs' users are read."""
    users = sorted({user for pair in pairs for user in pair})
    keys = {pair_digest(a, b) for a, b in pairs} | {pair_digest(user, user) for user in users}
    among = {"owner": {"$in": users}, "target": {"$in": users}}
    return {"$or": [{"pair": {"$in": sorted(keys)}, **among}, {"pair": None, **among}]}


def _parse(document: Mapping[str, Any]) -> RelationshipEvent:
    event: RelationshipEvent = RelationshipEvent.model_validate(document)
    return event


class EventRepository:
    def __init__(self, collection: TenantCollection, tenant_id: str, moment: datetime) -> None:
        self._collection = collection
        self._tenant_id = tenant_id
        self._moment = moment

    async def append(self, **fields: Any) -> RelationshipEvent:
        """Append one event at the call's moment (its id carries that time, to the second)."""
        event = RelationshipEvent(
            id=PydanticObjectId(id_at(self._moment)),
            tenant_id=self._tenant_id,
            at=self._moment,
            **_keyed(fields),
        )
        await self._collection.insert_one(event.model_dump(by_alias=True, exclude=LAYER_FIELDS))
        return event

    async def about_pairs(self, pairs: Sequence[tuple[str, str]]) -> list[RelationshipEvent]:
        """Every event between the two users of each of ``pairs``, and every event about one
        of their users alone, newest first, in one query: the pairs' own histories, however
        many events their users have with others (the integrity check)."""
        if not pairs:
            return []
        documents = await self._collection.find(
            _of_pairs(pairs), index=EventIndex.PAIR, sort=NEWEST_FIRST
        )
        return [_parse(d) for d in documents]

    async def give_pair_keys(
        self, *, batch: int, on_batch: Callable[[int], None] = lambda _: None
    ) -> int:
        """Give every event written before pair keys existed its key, ``batch`` at a time
        (``on_batch`` is told how many each gave one); how many were given one. An event
        erased meanwhile keeps the key its rename gave it."""
        given = 0
        while documents := await self._collection.find(
            {"pair": None}, index=EventIndex.PAIR, limit=batch
        ):
            keyed = await self._collection.update_each(
                [
                    Upsert(
                        {"_id": d["_id"], "pair": None},
                        {"$set": {"pair": pair_digest(d["owner"], d["target"])}},
                    )
                    for d in documents
                ],
                index=EventIndex.TENANT_TIME,
            )
            given += keyed
            on_batch(keyed)
        return given

    async def append_many(self, events: Sequence[Mapping[str, Any]]) -> list[RelationshipEvent]:
        """Append many events at the call's moment, in one round trip."""
        built = [
            RelationshipEvent(
                id=PydanticObjectId(id_at(self._moment)),
                tenant_id=self._tenant_id,
                at=self._moment,
                **_keyed(fields),
            )
            for fields in events
        ]
        await self._collection.insert_many(
            [e.model_dump(by_alias=True, exclude=LAYER_FIELDS) for e in built]
        )
        return built

    async def _page(
        self, query: dict[str, Any], *, index: EventIndex, page: PageRequest
    ) -> tuple[list[RelationshipEvent], str | None]:
        documents = await self._collection.find(
            query, index=index, sort=NEWEST_FIRST, limit=page.limit + 1
        )
        kept, next_cursor = split_page(documents, page.limit)
        return [_parse(d) for d in kept], next_cursor

    async def page(
        self, *, visible_to: str | None, page: PageRequest
    ) -> tuple[list[RelationshipEvent], str | None]:
        """Events ``visible_to`` may see, newest first; without it, the tenant's whole trail."""
        if visible_to is None:
            return await self.audit_page(EventFilter(), page=page)
        query = {"visible_to": visible_to, **page.bound()}
        return await self._page(query, index=EventIndex.VISIBLE_TO, page=page)

    async def audit_page(
        self, where: EventFilter, *, page: PageRequest
    ) -> tuple[list[RelationshipEvent], str | None]:
        """The tenant's trail narrowed by ``where``, newest first.

        The index follows the most selective filter given (a user, else an action, else the
        time order alone); the others are applied beside it, and since/until bound ``_id``.
        """
        query: dict[str, Any] = {}
        if where.user_id is not None and where.other_user_id is not None:
            index = EventIndex.PAIR
            query.update(_of_pairs([(where.user_id, where.other_user_id)]))
        elif where.user_id is not None:
            index = EventIndex.INVOLVES
            query["involves"] = where.user_id
        elif where.action is not None:
            index = EventIndex.ACTION
        else:
            index = EventIndex.TENANT_TIME
        if where.action is not None:
            query["action"] = where.action
        if where.type is not None:
            query["type"] = where.type
        ids = id_range(where.since, where.until)
        if page.after is not None:
            ids["$lt"] = min(ids.get("$lt", page.after), page.after)
        if ids:
            query["_id"] = ids
        times = {
            operator: moment
            for operator, moment in (("$gte", where.since), ("$lt", where.until))
            if moment is not None
        }
        if times:
            query["at"] = times
        return await self._page(query, index=index, page=page)

    async def oldest_first(
        self,
        *,
        after: ObjectId | None,
        before: ObjectId,
        actions: Sequence[EventAction] = (),
        limit: int,
    ) -> list[RelationshipEvent]:
        """Up to ``limit`` events with ids after ``after`` and before ``before``, oldest first
        (the change feed): the tenant's time order, or one index range per action."""
        ids: dict[str, ObjectId] = {"$lt": before}
        if after is not None:
            ids["$gt"] = after
        query: dict[str, Any] = {"_id": ids}
        index = EventIndex.TENANT_TIME
        if actions:
            query["action"] = {"$in": sorted(set(actions))}
            index = EventIndex.ACTION
        documents = await self._collection.find(query, index=index, sort=OLDEST_FIRST, limit=limit)
        return [_parse(d) for d in documents]

    async def get_many(self, event_ids: Sequence[ObjectId]) -> dict[ObjectId, RelationshipEvent]:
        """Events by id, in one query (the ids missing are gone: past the retention)."""
        if not event_ids:
            return {}
        unique = sorted(set(event_ids))
        documents = await self._collection.find(
            {"_id": {"$in": unique}}, index=EventIndex.TENANT_TIME, limit=len(unique)
        )
        return {event.id: event for event in map(_parse, documents) if event.id is not None}

    async def scan(self, *, before: Any | None, limit: int) -> list[RelationshipEvent]:
        """The tenant's events in batches, newest first, before the ``_id`` ``before``."""
        query = {"_id": {"$lt": before}} if before is not None else {}
        documents = await self._collection.find(
            query, index=EventIndex.TENANT_TIME, sort=NEWEST_FIRST, limit=limit
        )
        return [_parse(d) for d in documents]

    async def involving(self, user_id: str) -> AsyncIterator[RelationshipEvent]:
        """Every event about the user, newest first, streamed (for an export)."""
        async for document in self._collection.stream(
            {"involves": user_id}, index=EventIndex.INVOLVES, sort=NEWEST_FIRST
        ):
            yield _parse(document)

    async def involving_batch(self, user_id: str, *, limit: int) -> list[RelationshipEvent]:
        """Up to ``limit`` events about the user (in no useful order)."""
        documents = await self._collection.find(
            {"involves": user_id}, index=EventIndex.INVOLVES, limit=limit
        )
        return [_parse(d) for d in documents]

    async def last(self, *, user_id: str, action: EventAction) -> RelationshipEvent | None:
        """The user's latest event of ``action``."""
        found = await self._collection.find(
            {"involves": user_id, "action": action},
            index=EventIndex.INVOLVES,
            sort=NEWEST_FIRST,
            limit=1,
        )
        return _parse(found[0]) if found else None

    async def replace_names(self, changes: Sequence[tuple[Any, Mapping[str, Any]]]) -> None:
        """Overwrite the named fields of each event (erasure: the only change an event gets),
        given as (event id, fields) pairs, all in one round trip. The fields name the event's
        owner and target, and its pair key follows them."""
        await self._collection.update_each(
            [Upsert({"_id": event_id}, {"$set": _keyed(fields)}) for event_id, fields in changes],
            index=EventIndex.TENANT_TIME,  # the shard key: each rewrite reaches one shard
        )
