"""What the rules decide over: every edge between two users, and the outcome of a step."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from models.enums import RelationshipStatus, RelationshipType
from models.relationship import ContactMetadata, UserRelationship


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


def with_source(edge: UserRelationship | None, source: str | None) -> ContactMetadata | None:
    """The edge's metadata with seed 004's ``source`` set, when one is given."""
    metadata = edge.metadata if edge is not None else None
    if source is None:
        return metadata
    return (metadata or ContactMetadata()).model_copy(update={"source": source})
