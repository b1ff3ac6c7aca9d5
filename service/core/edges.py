"""Reading and writing relationship edges; every function takes the tenant context first."""

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from beanie import PydanticObjectId

from indexes import RelationshipIndex
from models.enums import RelationshipStatus, RelationshipType
from models.relationship import UserRelationship
from service.core.context import TenantContext
from service.core.pagination import NEWEST_FIRST, PageRequest, split_page


@dataclass(frozen=True)
class Outcome:
    """The edge after an operation, and whether the operation created it (HTTP 201)."""

    edge: UserRelationship
    created: bool


class Pair:
    """Every edge between two users, in both directions, read with one query."""

    def __init__(self, edges: Iterable[UserRelationship]) -> None:
        self._edges = {(e.user_id, e.type): e for e in edges}

    def edge(self, owner: str, relationship_type: RelationshipType) -> UserRelationship | None:
        return self._edges.get((owner, relationship_type))

    def with_status(
        self, owner: str, relationship_type: RelationshipType, *statuses: RelationshipStatus
    ) -> UserRelationship | None:
        edge = self.edge(owner, relationship_type)
        return edge if edge is not None and edge.status in statuses else None

    def __iter__(self) -> Iterator[UserRelationship]:
        return iter(self._edges.values())

    def without(self, owner: str, kind: RelationshipType) -> "Pair":
        """The pair as it is once ``owner``'s edge of ``kind`` is gone."""
        return Pair(e for e in self if (e.user_id, e.type) != (owner, kind))

    @property
    def blocked(self) -> bool:
        return any(e.type is RelationshipType.BLOCKED for e in self)


def _key(ctx: TenantContext, owner: str, target: str, kind: RelationshipType) -> dict[str, Any]:
    return {"tenant_id": ctx.tenant_id, "user_id": owner, "target_user_id": target, "type": kind}


def parse(document: Mapping[str, Any]) -> UserRelationship:
    edge: UserRelationship = UserRelationship.model_validate(document)
    return edge


async def load_pair(ctx: TenantContext, a: str, b: str) -> Pair:
    both = {"$in": [a, b]}
    documents = await ctx.store.relationships.find(
        {"tenant_id": ctx.tenant_id, "user_id": both, "target_user_id": both},
        index=RelationshipIndex.PAIR,
    )
    return Pair(parse(d) for d in documents if d["user_id"] != d["target_user_id"])


def new_edge(
    ctx: TenantContext,
    owner: str,
    target: str,
    kind: RelationshipType,
    status: RelationshipStatus,
    **sub_documents: Any,
) -> UserRelationship:
    now = ctx.now()
    return UserRelationship(
        id=PydanticObjectId(),
        tenant_id=ctx.tenant_id,
        user_id=owner,
        target_user_id=target,
        type=kind,
        status=status,
        created_at=now,
        updated_at=now,
        **sub_documents,
    )


async def save(
    ctx: TenantContext, edge: UserRelationship, *, previous: UserRelationship | None
) -> None:
    """Insert ``edge``, or overwrite ``previous`` if nobody changed it since it was read."""
    if previous is not None:
        edge.version = previous.version + 1
        edge.updated_at = ctx.now()
    await ctx.store.relationships.put_versioned(
        _key(ctx, edge.user_id, edge.target_user_id, edge.type),
        edge.model_dump(by_alias=True, exclude={"revision_id"}),
        previous_version=previous.version if previous else None,
        index=RelationshipIndex.PAIR,
    )


async def delete(ctx: TenantContext, edge: UserRelationship) -> bool:
    """Delete one edge; False when a concurrent request deleted it first."""
    query = _key(ctx, edge.user_id, edge.target_user_id, edge.type)
    return await ctx.store.relationships.delete_many(query, index=RelationshipIndex.PAIR) > 0


async def delete_between(
    ctx: TenantContext, a: str, b: str, kinds: Iterable[RelationshipType]
) -> int:
    """Delete every edge of ``kinds`` between ``a`` and ``b``, both directions, in one statement."""
    both = {"$in": [a, b]}
    query = {
        "tenant_id": ctx.tenant_id,
        "user_id": both,
        "target_user_id": both,
        "type": {"$in": list(kinds)},
    }
    return await ctx.store.relationships.delete_many(query, index=RelationshipIndex.PAIR)


async def list_page(
    ctx: TenantContext,
    *,
    user_id: str,
    kind: RelationshipType,
    status: RelationshipStatus,
    page: PageRequest,
    incoming: bool = False,
    extra: Mapping[str, Any] | None = None,
) -> tuple[list[UserRelationship], str | None]:
    """One page of ``user_id``'s edges (``incoming``: edges pointing at them), newest first."""
    side, index = (
        ("target_user_id", RelationshipIndex.TARGET_LIST)
        if incoming
        else ("user_id", RelationshipIndex.OWNER_LIST)
    )
    if kind is RelationshipType.BLOCKED and not incoming:
        index = RelationshipIndex.BLOCKED
    query: dict[str, Any] = {"tenant_id": ctx.tenant_id, side: user_id, "type": kind}
    if index is not RelationshipIndex.BLOCKED:
        query["status"] = status
    query.update(page.bound())
    query.update(extra or {})
    documents = await ctx.store.relationships.find(
        query, index=index, sort=NEWEST_FIRST, limit=page.limit + 1
    )
    kept, next_cursor = split_page(documents, page.limit)
    return [parse(d) for d in kept], next_cursor
