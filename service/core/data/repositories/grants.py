"""The ``resource_grants`` repository: who may read or write which of an owner's resources."""

from collections.abc import AsyncIterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from beanie import PydanticObjectId
from bson import ObjectId

from indexes import GrantIndex
from models.enums import Permission
from models.grant import ResourceGrant
from service.core.data.pagination import NEWEST_FIRST, OLDEST_FIRST, PageRequest, split_page
from service.core.data.tenancy import LAYER_FIELDS, TenantCollection


def _key(owner: str, resource_id: str, grantee: str) -> dict[str, str]:
    return {"owner_id": owner, "resource_id": resource_id, "grantee_id": grantee}


def _parse(document: Mapping[str, Any]) -> ResourceGrant:
    grant: ResourceGrant = ResourceGrant.model_validate(document)
    return grant


class GrantRepository:
    def __init__(self, collection: TenantCollection, tenant_id: str, moment: datetime) -> None:
        self._collection = collection
        self._tenant_id = tenant_id
        self._moment = moment

    async def find(self, *, owner: str, resource_id: str, grantee: str) -> ResourceGrant | None:
        document = await self._collection.find_one(
            _key(owner, resource_id, grantee), index=GrantIndex.GRANT
        )
        return _parse(document) if document else None

    async def writer(self, *, owner: str, resource_id: str) -> str | None:
        """Who holds write access to the resource, if anyone."""
        query = {"owner_id": owner, "resource_id": resource_id, "permission": Permission.WRITE}
        document = await self._collection.find_one(query, index=GrantIndex.SINGLE_WRITER)
        return str(document["grantee_id"]) if document else None

    async def scan(self, *, after: ObjectId | None, limit: int) -> list[ResourceGrant]:
        """The tenant's grants in batches, oldest first, after the ``_id`` ``after``."""
        query = {"_id": {"$gt": after}} if after is not None else {}
        documents = await self._collection.find(
            query, index=GrantIndex.SCAN, sort=OLDEST_FIRST, limit=limit
        )
        return [_parse(d) for d in documents]

    async def among(self, users: Sequence[str]) -> list[ResourceGrant]:
        """Every grant between any two of ``users``, in one query."""
        if not users:
            return []
        anyone = {"$in": sorted(set(users))}
        documents = await self._collection.find(
            {"grantee_id": anyone, "owner_id": anyone}, index=GrantIndex.GRANTEE
        )
        return [_parse(d) for d in documents]

    async def put(
        self,
        *,
        owner: str,
        resource_id: str,
        grantee: str,
        permission: Permission,
        previous: ResourceGrant | None,
    ) -> ResourceGrant:
        """Create the grant, or change ``previous`` if nobody changed it since it was read."""
        if previous is None:
            grant = ResourceGrant(
                id=PydanticObjectId(),
                tenant_id=self._tenant_id,
                **_key(owner, resource_id, grantee),
                permission=permission,
                granted_at=self._moment,
                updated_at=self._moment,
            )
        else:
            grant = previous.model_copy(
                update={
                    "permission": permission,
                    "updated_at": self._moment,
                    "version": previous.version + 1,
                }
            )
        await self._collection.put_versioned(
            _key(owner, resource_id, grantee),
            grant.model_dump(by_alias=True, exclude=LAYER_FIELDS),
            previous_version=previous.version if previous else None,
            index=GrantIndex.GRANT,
        )
        return grant

    async def delete(self, *, owner: str, resource_id: str, grantee: str) -> bool:
        query = _key(owner, resource_id, grantee)
        return await self._collection.delete_many(query, index=GrantIndex.GRANT) > 0

    async def list_page(
        self, *, owner: str, resource_id: str, page: PageRequest
    ) -> tuple[list[ResourceGrant], str | None]:
        documents = await self._collection.find(
            {"owner_id": owner, "resource_id": resource_id, **page.bound()},
            index=GrantIndex.RESOURCE_LIST,
            sort=NEWEST_FIRST,
            limit=page.limit + 1,
        )
        kept, next_cursor = split_page(documents, page.limit)
        return [_parse(d) for d in kept], next_cursor

    async def delete_between(self, a: str, b: str) -> int:
        """Every grant between ``a`` and ``b``, in both directions, in one statement."""
        both = {"$in": [a, b]}
        return await self._collection.delete_many(
            {"grantee_id": both, "owner_id": both}, index=GrantIndex.GRANTEE
        )

    async def delete_given(self, *, owner: str, grantee: str) -> int:
        """Every grant ``owner`` gave ``grantee``, whatever the resource."""
        return await self._collection.delete_many(
            {"grantee_id": grantee, "owner_id": owner}, index=GrantIndex.GRANTEE
        )

    async def involving(self, user_id: str) -> AsyncIterator[ResourceGrant]:
        """Every grant the user gave, then every grant they received, streamed."""
        async for document in self._collection.stream(
            {"owner_id": user_id}, index=GrantIndex.GRANT
        ):
            yield _parse(document)
        async for document in self._collection.stream(
            {"grantee_id": user_id}, index=GrantIndex.GRANTEE
        ):
            yield _parse(document)

    async def access(self, *, owner: str, resource_id: str, grantee: str) -> Permission | None:
        """What ``grantee`` may do with the resource: its grant's permission (one query)."""
        grant = await self.find(owner=owner, resource_id=resource_id, grantee=grantee)
        return grant.permission if grant is not None else None

    async def others_of(self, user_id: str, *, limit: int) -> set[str]:
        """Users the user gave a grant to or received one from (from ``limit`` grants each way)."""
        given = await self._collection.find(
            {"owner_id": user_id}, index=GrantIndex.GRANT, limit=limit
        )
        received = await self._collection.find(
            {"grantee_id": user_id}, index=GrantIndex.GRANTEE, limit=limit
        )
        found = {str(d["grantee_id"]) for d in given} | {str(d["owner_id"]) for d in received}
        return found - {user_id}

    async def erase_between(self, user_id: str, others: Sequence[str]) -> int:
        """:meth:`erase_user` for the grants between the user and ``others`` only."""
        wanted = sorted(set(others))
        them: Any = wanted[0] if len(wanted) == 1 else {"$in": wanted}
        given = await self._collection.delete_many(
            {"grantee_id": them, "owner_id": user_id}, index=GrantIndex.GRANTEE
        )
        received = await self._collection.delete_many(
            {"grantee_id": user_id, "owner_id": them}, index=GrantIndex.GRANTEE
        )
        return given + received

    async def involving_up_to(self, user_id: str, *, limit: int) -> int:
        """How many grants the user gave or received, counting no further than ``limit``
        each way."""
        given = await self._collection.find(
            {"owner_id": user_id}, index=GrantIndex.GRANT, limit=limit
        )
        received = await self._collection.find(
            {"grantee_id": user_id}, index=GrantIndex.GRANTEE, limit=limit
        )
        return len(given) + len(received)

    async def erase_user(self, user_id: str) -> int:
        """Every grant the user gave or received."""
        given = await self._collection.delete_many({"owner_id": user_id}, index=GrantIndex.GRANT)
        received = await self._collection.delete_many(
            {"grantee_id": user_id}, index=GrantIndex.GRANTEE
        )
        return given + received
