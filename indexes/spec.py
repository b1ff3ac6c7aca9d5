"""How an index is declared, and the check that a query really fits the index it names."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

TENANT_FIELD = "tenant_id"
ShardKey = Mapping[str, int]


class IndexMisuse(AssertionError):
    """A programming error: a query names an index that cannot serve it."""


@dataclass(frozen=True)
class IndexSpec:
    name: str
    keys: tuple[tuple[str, int], ...]
    unique: bool = False
    partial_filter: Mapping[str, Any] = field(default_factory=dict)
    expire_after_seconds: int | None = None

    @property
    def key_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.keys)


def _is_point(value: Any) -> bool:
    """An equality or ``$in`` predicate: the index can seek to it exactly."""
    if not isinstance(value, Mapping):
        return True
    return set(value) == {"$in"}


def _branches(query: Mapping[str, Any]) -> list[dict[str, Any]]:
    """A rooted ``$or`` is planned branch by branch; each branch must fit on its own."""
    outer = {k: v for k, v in query.items() if k != "$or"}
    if "$or" not in query:
        return [outer]
    return [{**outer, **branch} for branch in query["$or"]]


def check_fit(
    spec: IndexSpec,
    query: Mapping[str, Any],
    sort: Sequence[tuple[str, int]] = (),
    *,
    tenant_scoped: bool = True,
) -> None:
    """Raise ``IndexMisuse`` unless ``spec`` serves ``query`` (and ``sort``) with a tight prefix.

    The index's leading keys must be exactly the query's point predicates, the query may not
    constrain a later key of the index without the keys before it, the sort must follow the
    prefix, and a partial index is only usable when the query implies its filter.
    """
    keys = spec.key_names
    for branch in _branches(query):
        points = {name for name, value in branch.items() if _is_point(value)}
        prefix_len = 0
        while prefix_len < len(keys) and keys[prefix_len] in points:
            prefix_len += 1
        walks_in_order = bool(sort) and sort[0][0] == keys[0]  # a scan in the index's order
        if prefix_len == 0 and not walks_in_order:
            raise IndexMisuse(f"{spec.name}: leading key {keys[0]!r} is not in the query {branch}")
        if tenant_scoped and keys[0] != TENANT_FIELD:
            raise IndexMisuse(f"{spec.name}: tenant-scoped indexes must start with {TENANT_FIELD}")
        if tenant_scoped and (TENANT_FIELD not in branch or not _is_point(branch[TENANT_FIELD])):
            raise IndexMisuse(f"{spec.name}: tenant data needs one {TENANT_FIELD} equality")
        if tenant_scoped and isinstance(branch.get(TENANT_FIELD), Mapping):
            # {"$in": [...]} would reach several tenants at once.
            raise IndexMisuse(f"{spec.name}: {TENANT_FIELD} must be a single equality")
        skipped = (points & set(keys[prefix_len:])) - {name for name, _ in sort}
        if skipped:
            raise IndexMisuse(f"{spec.name}: {sorted(skipped)} follow a key the query leaves open")
        expected_sort = keys[prefix_len : prefix_len + len(sort)]
        if sort and tuple(name for name, _ in sort) != expected_sort:
            raise IndexMisuse(f"{spec.name}: sort {list(sort)} does not follow the prefix")
        for name, wanted in spec.partial_filter.items():
            if branch.get(name) != wanted:
                raise IndexMisuse(f"{spec.name}: partial index needs {name}={wanted!r}")
