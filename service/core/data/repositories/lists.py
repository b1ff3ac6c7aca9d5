"""The ``user_lists`` and ``list_members`` repository: a user's lists and their members."""

from collections.abc import AsyncIterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from beanie import PydanticObjectId
from bson import ObjectId
from bson.errors import InvalidId

from indexes import ListIndex, MemberIndex
from models.user_list import ListMember, UserList
from service.core.data.pagination import NEWEST_FIRST, PageRequest, split_page
from service.core.data.tenancy import LAYER_FIELDS, TenantCollection


def list_object_id(list_id: str) -> ObjectId | None:
    """The stored id of ``list_id``; None for a string no list can have."""
    try:
        return ObjectId(list_id)
    except (InvalidId, TypeError):
        return None


def _list(document: Mapping[str, Any]) -> UserList:
    found: UserList = UserList.model_validate(document)
    return found


def _member(document: Mapping[str, Any]) -> ListMember:
    found: ListMember = ListMember.model_validate(document)
    return found


class ListRepository:
    def __init__(
        self,
        lists: TenantCollection,
        members: TenantCollection,
        tenant_id: str,
        moment: datetime,
    ) -> None:
        self._lists = lists
        self._members = members
        self._tenant_id = tenant_id
        self._moment = moment

    async def get(self, owner: str, list_id: str) -> UserList | None:
        object_id = list_object_id(list_id)
        if object_id is None:
            return None
        document = await self._lists.find_one(
            {"owner_id": owner, "_id": object_id}, index=ListIndex.OWNER
        )
        return _list(document) if document else None

    async def count(self, owner: str) -> int:
        return await self._lists.count({"owner_id": owner}, index=ListIndex.OWNER)

    async def create(self, owner: str, *, name: str, description: str | None) -> UserList:
        created = UserList(
            id=PydanticObjectId(),
            tenant_id=self._tenant_id,
            owner_id=owner,
            name=name,
            description=description,
            created_at=self._moment,
            updated_at=self._moment,
        )
        await self._lists.insert_one(created.model_dump(by_alias=True, exclude=LAYER_FIELDS))
        return created

    async def change(self, found: UserList, changes: Mapping[str, Any]) -> UserList:
        fields = {**changes, "updated_at": self._moment}
        await self._lists.update_one(
            {"owner_id": found.owner_id, "_id": found.id}, {"$set": fields}, index=ListIndex.OWNER
        )
        changed: UserList = found.model_copy(update=fields)
        return changed

    async def delete(self, found: UserList) -> None:
        await self._lists.delete_many(
            {"owner_id": found.owner_id, "_id": found.id}, index=ListIndex.OWNER
        )
        await self._members.delete_many(
            {"owner_id": found.owner_id, "list_id": str(found.id)}, index=MemberIndex.LIST_PAGE
        )

    async def page(
        self, owner: str, *, page: PageRequest, member: str | None = None
    ) -> tuple[list[UserList], str | None]:
        """The owner's lists, newest first; with ``member``, only those that hold them (at
        most the tenant's cap on lists: read whole, then paged here)."""
        if member is None:
            documents = await self._lists.find(
                {"owner_id": owner, **page.bound()},
                index=ListIndex.OWNER,
                sort=NEWEST_FIRST,
                limit=page.limit + 1,
            )
        else:
            held = await self._members.find(
                {"owner_id": owner, "member_id": member}, index=MemberIndex.HOLDER
            )
            ids = [ObjectId(m["list_id"]) for m in held]
            found = (
                await self._lists.find(
                    {"owner_id": owner, "_id": {"$in": ids}}, index=ListIndex.OWNER
                )
                if ids
                else []
            )
            documents = sorted(
                (d for d in found if page.after is None or d["_id"] < page.after),
                key=lambda d: d["_id"],
                reverse=True,
            )
        kept, cursor = split_page(documents, page.limit)
        return [_list(d) for d in kept], cursor

    async def membership(self, owner: str, list_id: str, member: str) -> ListMember | None:
        document = await self._members.find_one(
            {"owner_id": owner, "list_id": list_id, "member_id": member}, index=MemberIndex.MEMBER
        )
        return _member(document) if document else None

    async def add_member(self, found: UserList, member: str) -> ListMember:
        added = ListMember(
            id=PydanticObjectId(),
            tenant_id=self._tenant_id,
            owner_id=found.owner_id,
            list_id=str(found.id),
            member_id=member,
            added_at=self._moment,
        )
        await self._members.insert_one(added.model_dump(by_alias=True, exclude=LAYER_FIELDS))
        await self._move_count(found.owner_id, [str(found.id)], +1)
        return added

    async def remove_member(self, found: UserList, member: str) -> bool:
        query = {"owner_id": found.owner_id, "list_id": str(found.id), "member_id": member}
        if not await self._members.delete_many(query, index=MemberIndex.MEMBER):
            return False
        await self._move_count(found.owner_id, [str(found.id)], -1)
        return True

    async def remove_everywhere(self, owner: str, member: str) -> list[str]:
        """Take ``member`` off every list of ``owner``; the ids of the lists they left."""
        held = await self._members.find(
            {"owner_id": owner, "member_id": member}, index=MemberIndex.HOLDER
        )
        left = [str(m["list_id"]) for m in held]
        if left:
            await self._members.delete_many(
                {"owner_id": owner, "member_id": member}, index=MemberIndex.HOLDER
            )
            await self._move_count(owner, left, -1)
        return left

    async def _move_count(self, owner: str, list_ids: list[str], delta: int) -> None:
        ids = [ObjectId(list_id) for list_id in list_ids]
        await self._lists.update_many(
            {"owner_id": owner, "_id": ids[0] if len(ids) == 1 else {"$in": ids}},
            {"$inc": {"member_count": delta}},
            index=ListIndex.OWNER,
        )

    async def member_page(
        self, found: UserList, *, page: PageRequest
    ) -> tuple[list[ListMember], str | None]:
        documents = await self._members.find(
            {"owner_id": found.owner_id, "list_id": str(found.id), **page.bound()},
            index=MemberIndex.LIST_PAGE,
            sort=NEWEST_FIRST,
            limit=page.limit + 1,
        )
        kept, cursor = split_page(documents, page.limit)
        return [_member(d) for d in kept], cursor

    async def owned_by(self, user_id: str) -> AsyncIterator[UserList]:
        async for document in self._lists.stream({"owner_id": user_id}, index=ListIndex.OWNER):
            yield _list(document)

    async def memberships_of(self, user_id: str) -> AsyncIterator[ListMember]:
        """Every membership on the user's lists, then every list the user is on."""
        async for document in self._members.stream({"owner_id": user_id}, index=MemberIndex.HOLDER):
            yield _member(document)
        async for document in self._members.stream(
            {"member_id": user_id}, index=MemberIndex.MEMBER_OF
        ):
            yield _member(document)

    async def others_of(self, user_id: str, *, limit: int) -> set[str]:
        """Users on the user's lists, and owners of lists the user is on (from ``limit``
        memberships each way)."""
        mine = await self._members.find(
            {"owner_id": user_id}, index=MemberIndex.HOLDER, limit=limit
        )
        theirs = await self._members.find(
            {"member_id": user_id}, index=MemberIndex.MEMBER_OF, limit=limit
        )
        found = {str(d["member_id"]) for d in mine} | {str(d["owner_id"]) for d in theirs}
        return found - {user_id}

    async def erase_between(self, user_id: str, others: Sequence[str]) -> int:
        """:meth:`erase_user` for the memberships between the user and ``others`` only: the
        others on the user's lists, the user on the others' lists (every such list's count
        moves)."""
        wanted = sorted(set(others))
        them: Any = wanted[0] if len(wanted) == 1 else {"$in": wanted}
        removed = 0
        for query, index in (
            ({"owner_id": user_id, "member_id": them}, MemberIndex.HOLDER),
            ({"owner_id": them, "member_id": user_id}, MemberIndex.HOLDER),
        ):
            by_owner: dict[str, list[str]] = {}
            for document in await self._members.find(query, index=index):
                by_owner.setdefault(str(document["owner_id"]), []).append(str(document["list_id"]))
            if by_owner:
                removed += await self._members.delete_many(query, index=index)
                for owner, list_ids in sorted(by_owner.items()):
                    await self._move_count(owner, list_ids, -1)
        return removed

    async def erase_user(self, user_id: str) -> int:
        """The user's lists and their members, and the user on anyone's list (those lists'
        counts move)."""
        removed = await self._lists.delete_many({"owner_id": user_id}, index=ListIndex.OWNER)
        removed += await self._members.delete_many({"owner_id": user_id}, index=MemberIndex.HOLDER)
        by_owner: dict[str, list[str]] = {}
        for document in await self._members.find(
            {"member_id": user_id}, index=MemberIndex.MEMBER_OF
        ):
            by_owner.setdefault(str(document["owner_id"]), []).append(str(document["list_id"]))
        if by_owner:
            removed += await self._members.delete_many(
                {"member_id": user_id}, index=MemberIndex.MEMBER_OF
            )
            for owner, list_ids in sorted(by_owner.items()):
                await self._move_count(owner, list_ids, -1)
        return removed
