"""The ``user_relationships`` repository: directed edges of one tenant.

Read both users' edges in one query, let the rules decide over the loaded :class:`Pair`, write
version-guarded: a concurrent writer makes the write fail, and the step runs again. Every write
also moves the counts its edges add to (``service.core.data.counting``), in the same step.
"""

from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from beanie import PydanticObjectId
from bson import ObjectId

from indexes import RelationshipIndex
from models.enums import RelationshipStatus, RelationshipType
from models.relationship import UserRelationship
from service.core.data.counting import Tally
from service.core.data.database import Upsert
from service.core.data.pagination import NEWEST_FIRST, OLDEST_FIRST, PageRequest, split_page
from service.core.data.pair import Pair
from service.core.data.repositories.counts import CountRepository
from service.core.data.tenancy import LAYER_FIELDS, TenantCollection

# Ids per $in of an intersection query: one round trip per this many of the smaller set.
_IN_CHUNK = 1000


def _one_or_any(ids: list[str]) -> str | dict[str, list[str]]:
    return ids[0] if len(ids) == 1 else {"$in": ids}


def parse(document: Mapping[str, Any]) -> UserRelationship:
    edge: UserRelationship = UserRelationship.model_validate(document)
    return edge


def _key(owner: str, target: str, kind: RelationshipType) -> dict[str, Any]:
    return {"user_id": owner, "target_user_id": target, "type": kind}


class EdgeRepository:
    def __init__(
        self,
        collection: TenantCollection,
        tenant_id: str,
        moment: datetime,
        counts: CountRepository,
    ) -> None:
        self._collection = collection
        self._tenant_id = tenant_id
        self._moment = moment
        self._counts = counts

    async def _count(
        self, changes: Iterable[tuple[UserRelationship | None, UserRelationship | None]]
    ) -> None:
        tally = Tally()
        for before, after in changes:
            tally.change(before, after)
        await self._counts.apply(tally)

    async def load_pair(self, a: str, b: str) -> Pair:
        """Every edge between ``a`` and ``b``, both directions, in one query."""
        both = {"$in": [a, b]}
        documents = await self._collection.find(
            {"user_id": both, "target_user_id": both}, index=RelationshipIndex.PAIR
        )
        return Pair(parse(d) for d in documents if d["user_id"] != d["target_user_id"])

    async def between(self, viewer: str, others: Sequence[str]) -> list[UserRelationship]:
        """Every edge from ``viewer`` to any of ``others`` and back, in one query."""
        if not others:
            return []
        ids = list(others)
        query = {
            "$or": [
                {"user_id": viewer, "target_user_id": {"$in": ids}},
                {"target_user_id": viewer, "user_id": {"$in": ids}},
            ]
        }
        documents = await self._collection.find(query, index=RelationshipIndex.PAIR)
        return [parse(d) for d in documents]

    async def scan(self, *, after: ObjectId | None, limit: int) -> list[UserRelationship]:
        """The tenant's edges in batches, oldest first, after the ``_id`` ``after``."""
        query = {"_id": {"$gt": after}} if after is not None else {}
        documents = await self._collection.find(
            query, index=RelationshipIndex.SCAN, sort=OLDEST_FIRST, limit=limit
        )
        return [parse(d) for d in documents]

    async def among(self, users: Sequence[str]) -> list[UserRelationship]:
        """Every edge between any two of ``users``, in one query."""
        if not users:
            return []
        anyone = {"$in": sorted(set(users))}
        documents = await self._collection.find(
            {"user_id": anyone, "target_user_id": anyone}, index=RelationshipIndex.PAIR
        )
        return [parse(d) for d in documents]

    async def owned(
        self, pairs: Iterable[tuple[str, str]], kind: RelationshipType
    ) -> dict[tuple[str, str], UserRelationship]:
        """Each owner's edge of ``kind`` to its target, for many (owner, target) pairs, in one
        query (a branch per owner); keyed by (owner, target)."""
        targets: dict[str, list[str]] = {}
        for owner, target in pairs:
            targets.setdefault(owner, []).append(target)
        if not targets:
            return {}
        query = {
            "$or": [
                {"user_id": owner, "type": kind, "target_user_id": {"$in": others}}
                for owner, others in targets.items()
            ]
        }
        documents = await self._collection.find(query, index=RelationshipIndex.PAIR)
        edges = (parse(d) for d in documents)
        return {(e.user_id, e.target_user_id): e for e in edges}

    async def blocked_pairs(self, pairs: Iterable[tuple[str, str]]) -> set[frozenset[str]]:
        """Which of ``pairs`` a block separates, in either direction, in one query."""
        wanted = {frozenset(pair) for pair in pairs}
        users = sorted({user for pair in wanted for user in pair})
        if not users:
            return set()
        query = {
            "user_id": {"$in": users},
            "type": RelationshipType.BLOCKED,
            "target_user_id": {"$in": users},
        }
        documents = await self._collection.find(query, index=RelationshipIndex.BLOCKED)
        found = (frozenset((d["user_id"], d["target_user_id"])) for d in documents)
        return {pair for pair in found if pair in wanted}

    def new(
        self,
        owner: str,
        target: str,
        kind: RelationshipType,
        status: RelationshipStatus,
        **sub_documents: Any,
    ) -> UserRelationship:
        return UserRelationship(
            id=PydanticObjectId(),
            tenant_id=self._tenant_id,
            user_id=owner,
            target_user_id=target,
            type=kind,
            status=status,
            created_at=self._moment,
            updated_at=self._moment,
            **sub_documents,
        )

    async def save(self, edge: UserRelationship, *, previous: UserRelationship | None) -> None:
        """Insert ``edge``, or overwrite ``previous`` if nobody changed it since it was read."""
        if previous is not None:
            edge.version = previous.version + 1
            edge.updated_at = self._moment
        await self._collection.put_versioned(
            _key(edge.user_id, edge.target_user_id, edge.type),
            edge.model_dump(by_alias=True, exclude=LAYER_FIELDS),
            previous_version=previous.version if previous else None,
            index=RelationshipIndex.PAIR,
        )
        await self._count([(previous, edge)])

    async def save_many(
        self, saves: Sequence[tuple[UserRelationship, UserRelationship | None]]
    ) -> None:
        """:meth:`save` for many edges in one unordered bulk write of upserts.

        Each upsert is guarded: a new edge's by its fresh ``_id``, a changed one's by the
        version it was read at. When a concurrent writer got there first the guard misses, the
        upsert tries to insert a second edge with the same key, and the unique index refuses it
        (a duplicate key): the step runs again on fresh state.
        """
        upserts = []
        for edge, previous in saves:
            guard: dict[str, Any] = {"_id": edge.id}
            if previous is not None:
                edge.version = previous.version + 1
                edge.updated_at = self._moment
                guard = {"version": previous.version}
            fields = edge.model_dump(by_alias=True, exclude=LAYER_FIELDS | {"id"})
            key = _key(edge.user_id, edge.target_user_id, edge.type)
            upserts.append(Upsert({**key, **guard}, {"$set": fields}))
        await self._collection.bulk_write(upserts, index=RelationshipIndex.PAIR)
        await self._count((previous, edge) for edge, previous in saves)

    async def delete(self, edge: UserRelationship) -> bool:
        """Delete one edge; False when a concurrent request deleted it first."""
        query = _key(edge.user_id, edge.target_user_id, edge.type)
        if not await self._collection.delete_many(query, index=RelationshipIndex.PAIR):
            return False
        await self._count([(edge, None)])
        return True

    async def delete_between(
        self, a: str, b: str, kinds: Iterable[RelationshipType], *, present: Pair
    ) -> int:
        """Delete every edge of ``kinds`` between ``a`` and ``b``, both ways, in one statement.

        ``present`` is the pair as the step loaded it (serialised on the pair, so exactly what
        is deleted): its edges of ``kinds`` give the counts that move.
        """
        wanted = list(kinds)
        both = {"$in": [a, b]}
        query = {"user_id": both, "target_user_id": both, "type": {"$in": wanted}}
        deleted = await self._collection.delete_many(query, index=RelationshipIndex.PAIR)
        if deleted:
            await self._count((edge, None) for edge in present if edge.type in wanted)
        return deleted

    async def erase_user(self, user_id: str) -> int:
        """Every edge the user holds or that points at them; the other users' counts move with
        them (the user's own counts are erased with their counters)."""
        tally = Tally()
        async for edge in self.involving(user_id):
            tally.change(edge, None)
        tally.forget(user_id)
        owned = await self._collection.delete_many(
            {"user_id": user_id}, index=RelationshipIndex.PAIR
        )
        pointing = await self._collection.delete_many(
            {"target_user_id": user_id}, index=RelationshipIndex.TARGET_LIST
        )
        await self._counts.apply(tally)
        return owned + pointing

    async def others_of(self, user_id: str, *, limit: int) -> set[str]:
        """Users the user has an edge with, either way: from at most ``limit`` edges each way
        (an erase in batches takes them a few at a time)."""
        owned = await self._collection.find(
            {"user_id": user_id}, index=RelationshipIndex.PAIR, limit=limit
        )
        pointing = await self._collection.find(
            {"target_user_id": user_id}, index=RelationshipIndex.TARGET_LIST, limit=limit
        )
        found = {str(d["target_user_id"]) for d in owned} | {str(d["user_id"]) for d in pointing}
        return found - {user_id}

    async def erase_between(self, user_id: str, others: Sequence[str]) -> int:
        """:meth:`erase_user` for the edges between the user and ``others`` only."""
        wanted = _one_or_any(sorted(set(others)))
        queries = (
            {"user_id": user_id, "target_user_id": wanted},
            {"user_id": wanted, "target_user_id": user_id},
        )
        tally = Tally()
        for query in queries:
            for document in await self._collection.find(query, index=RelationshipIndex.PAIR):
                tally.change(parse(document), None)
        tally.forget(user_id)
        deleted = 0
        for query in queries:
            deleted += await self._collection.delete_many(query, index=RelationshipIndex.PAIR)
        await self._counts.apply(tally)
        return deleted

    async def involving_up_to(self, user_id: str, *, limit: int) -> int:
        """How many edges involve the user, either way, counting no further than ``limit``
        each way (a celebrity's ten million are never scanned for a progress report)."""
        owned = await self._collection.find(
            {"user_id": user_id}, index=RelationshipIndex.PAIR, limit=limit
        )
        pointing = await self._collection.find(
            {"target_user_id": user_id}, index=RelationshipIndex.TARGET_LIST, limit=limit
        )
        return len(owned) + sum(1 for d in pointing if d["user_id"] != user_id)

    async def every(
        self,
        user_id: str,
        kind: RelationshipType,
        status: RelationshipStatus,
        *,
        incoming: bool = False,
    ) -> list[UserRelationship]:
        """All of ``user_id``'s edges of ``kind`` in ``status`` (``incoming``: pointing at
        them), streamed in batches: for intersecting one user's set with another's, where the
        caller picked the smaller set."""
        side, index = (
            ("target_user_id", RelationshipIndex.TARGET_LIST)
            if incoming
            else ("user_id", RelationshipIndex.OWNER_LIST)
        )
        query = {side: user_id, "type": kind, "status": status}
        return [parse(d) async for d in self._collection.stream(query, index=index)]

    async def newest_of(
        self,
        owners: Sequence[str],
        kind: RelationshipType,
        status: RelationshipStatus,
        *,
        limit: int,
    ) -> list[UserRelationship]:
        """The newest ``limit`` edges of ``kind`` in ``status`` held by any of ``owners`` (one
        query, at most ``limit`` index keys read past each owner's first)."""
        owner_ids = sorted(set(owners))
        if not owner_ids:
            return []
        query = {"user_id": _one_or_any(owner_ids), "type": kind, "status": status}
        documents = await self._collection.find(
            query, index=RelationshipIndex.OWNER_LIST, sort=NEWEST_FIRST, limit=limit
        )
        return [parse(d) for d in documents]

    async def from_any_to_any(
        self,
        owners: Sequence[str],
        targets: Sequence[str],
        kind: RelationshipType,
        status: RelationshipStatus,
    ) -> list[UserRelationship]:
        """Every edge of ``kind`` in ``status`` from any of ``owners`` to any of ``targets``:
        a query per ``_IN_CHUNK`` ids of the longer list."""
        owner_ids, target_ids = sorted(set(owners)), sorted(set(targets))
        if not owner_ids or not target_ids:
            return []
        chunk_owners = len(owner_ids) > len(target_ids)
        longer = owner_ids if chunk_owners else target_ids
        found: list[UserRelationship] = []
        for start in range(0, len(longer), _IN_CHUNK):
            part = longer[start : start + _IN_CHUNK]
            query = {
                "user_id": _one_or_any(part if chunk_owners else owner_ids),
                "target_user_id": _one_or_any(target_ids if chunk_owners else part),
                "type": kind,
                "status": status,
            }
            documents = await self._collection.find(query, index=RelationshipIndex.PAIR)
            found += [parse(d) for d in documents]
        return found

    async def timed_mutes_in_force(self, user_id: str, now: datetime) -> int:
        """How many of the user's mutes with an end have not ended by ``now`` (an index range)."""
        query = {
            "user_id": user_id,
            "type": RelationshipType.MUTED,
            "muting.mute_until": {"$gt": now},
        }
        return await self._collection.count(query, index=RelationshipIndex.TIMED_MUTES)

    async def involving(self, user_id: str) -> AsyncIterator[UserRelationship]:
        """Every edge the user holds, then every edge pointing at them, streamed."""
        async for document in self._collection.stream(
            {"user_id": user_id}, index=RelationshipIndex.PAIR
        ):
            yield parse(document)
        async for document in self._collection.stream(
            {"target_user_id": user_id}, index=RelationshipIndex.TARGET_LIST
        ):
            if document["user_id"] != user_id:
                yield parse(document)

    async def count(
        self, user_id: str, kind: RelationshipType, statuses: Sequence[RelationshipStatus]
    ) -> int:
        """How many edges of ``kind`` the user holds in ``statuses`` (counted in the index)."""
        query = {"user_id": user_id, "type": kind, "status": {"$in": list(statuses)}}
        return await self._collection.count(query, index=RelationshipIndex.OWNER_LIST)

    async def nickname_page(
        self, *, user_id: str, page: PageRequest
    ) -> tuple[list[UserRelationship], str | None]:
        """One page of the user's friends and contacts that carry a nickname, newest first."""
        query: dict[str, Any] = {
            "user_id": user_id,
            "$or": [
                {
                    "type": RelationshipType.FRIEND,
                    "status": RelationshipStatus.ACCEPTED,
                    "friendship.nickname": {"$ne": None},
                },
                {
                    "type": RelationshipType.CONTACT,
                    "status": RelationshipStatus.ACTIVE,
                    "metadata.nickname": {"$ne": None},
                },
            ],
            **page.bound(),
        }
        documents = await self._collection.find(
            query, index=RelationshipIndex.OWNER_LIST, sort=NEWEST_FIRST, limit=page.limit + 1
        )
        kept, next_cursor = split_page(documents, page.limit)
        return [parse(d) for d in kept], next_cursor

    async def list_page(
        self,
        *,
        user_id: str,
        kind: RelationshipType,
        status: RelationshipStatus,
        page: PageRequest,
        incoming: bool = False,
        favorites_only: bool = False,
        in_force_at: datetime | None = None,
    ) -> tuple[list[UserRelationship], str | None]:
        """One page of ``user_id``'s edges (``incoming``: edges pointing at them), newest first.

        ``favorites_only`` keeps favourite friends; ``in_force_at`` keeps mutes that have not
        ended by then (the TTL purge may lag, so reads never rely on it).
        """
        side, index = (
            ("target_user_id", RelationshipIndex.TARGET_LIST)
            if incoming
            else ("user_id", RelationshipIndex.OWNER_LIST)
        )
        if kind is RelationshipType.BLOCKED and not incoming:
            index = RelationshipIndex.BLOCKED
        query: dict[str, Any] = {side: user_id, "type": kind}
        if index is not RelationshipIndex.BLOCKED:
            query["status"] = status
        query.update(page.bound())
        if favorites_only:
            query["friendship.is_favorite"] = True
        if in_force_at is not None:
            query["$or"] = [
                {"muting.mute_until": None},
                {"muting.mute_until": {"$gt": in_force_at}},
            ]
        documents = await self._collection.find(
            query, index=index, sort=NEWEST_FIRST, limit=page.limit + 1
        )
        kept, next_cursor = split_page(documents, page.limit)
        return [parse(d) for d in kept], next_cursor
