"""Every query the repositories send is targeted at one shard, or a declared bounded scatter.

A PyMongo command listener on the service's own client records every command it sends to the
wire server while tests/scenarios.py runs every route family; a find, update, delete, count,
aggregate (or findAndModify) on a sharded collection must name the collection's whole shard key
by equality, unless its hint names a query declared in ``indexes.scatters.BOUNDED_SCATTERS``;
an insert must carry the whole shard key. The test cannot run a mongos, so it checks what a
mongos would need to target each command, from the commands themselves.
"""

import importlib
from collections.abc import Mapping
from typing import Any

import pytest
from fastapi import FastAPI
from pymongo import monitoring

from indexes import SHARD_KEYS, RelationshipIndex, UserCountIndex, UserSettingsIndex
from indexes.scatters import BOUNDED_SCATTERS, PAGE, USERS_LISTED
from service.core.data.database import Store
from tests.helpers import Api, FakeClock
from tests.scenarios import every_route_family

pytestmark = pytest.mark.wire
TARGETED_BY_FILTER = {
    "find": "filter",
    "count": "query",
    "distinct": "query",
    "findAndModify": "query",
}


class Recorder(monitoring.CommandListener):
    def __init__(self) -> None:
        self.commands: list[Mapping[str, Any]] = []

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        self.commands.append(dict(event.command))

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


@pytest.fixture(autouse=True)
def recorder(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    """Listens on the service's client: the app connects after this patch, in its lifespan."""
    module = importlib.import_module("service.core.data.database.connect")
    recorder = Recorder()
    plain = module.AsyncIOMotorClient
    monkeypatch.setattr(
        module,
        "AsyncIOMotorClient",
        lambda *args, **kwargs: plain(*args, event_listeners=[recorder], **kwargs),
    )
    return recorder


def _statements(command: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any], Any, Any]]:
    """(operation, filter, hint, limit) of each statement a command carries that a mongos
    targets by filter."""
    name = next(iter(command))
    if name in TARGETED_BY_FILTER:
        query = command.get(TARGETED_BY_FILTER[name]) or {}
        return [(name, query, command.get("hint"), command.get("limit"))]
    if name == "aggregate":
        first = (command.get("pipeline") or [{}])[0]
        return [(name, first.get("$match", {}), command.get("hint"), None)]
    if name == "update":
        return [("update", u["q"], u.get("hint"), None) for u in command.get("updates", [])]
    if name == "delete":
        return [("delete", d["q"], d.get("hint"), None) for d in command.get("deletes", [])]
    return []


def _values(value: Any) -> list[Any] | None:
    """The values a predicate allows, when it lists them; None otherwise."""
    if isinstance(value, Mapping):
        if set(value) == {"$eq"}:
            return [value["$eq"]]
        if set(value) == {"$in"}:
            return list(value["$in"])
        return None
    return None if isinstance(value, list) else [value]


def _targets(query: Mapping[str, Any], key: Mapping[str, int]) -> set[str] | None:
    """The shard-key values ``query`` can match, when it names them all by equality or
    ``$in``; None when it leaves a shard-key field open (then it reaches the tenant's shards)."""
    if "$or" in query:  # each branch is targeted on its own
        rest = {k: v for k, v in query.items() if k != "$or"}
        found: set[str] = set()
        for branch in query["$or"]:
            targets = _targets({**rest, **branch}, key)
            if targets is None:
                return None
            found |= targets
        return found
    combinations = [""]
    for field in key:
        values = _values(query[field]) if field in query else None
        if values is None:
            return None
        combinations = [f"{c}|{v!r}" for c in combinations for v in values]
    return set(combinations)


def shards_reached(query: Mapping[str, Any], key: Mapping[str, int]) -> int | None:
    """At most how many shards a mongos sends ``query`` to (1: targeted); None when it leaves
    a shard-key field open (every shard holding the tenant's chunks)."""
    targets = _targets(query, key)
    return None if targets is None else len(targets)


def untargeted(commands: list[Mapping[str, Any]]) -> list[str]:
    """One line per command a mongos could not send to one shard that breaks its declaration
    (or has none)."""
    failures: list[str] = []
    for command in commands:
        name = next(iter(command))
        collection = command[name]
        key = SHARD_KEYS.get(collection) if isinstance(collection, str) else None
        if key is None:  # tenants (unsharded), or not a collection command
            continue
        if name == "insert":
            failures += [
                f"insert into {collection} without its shard key {dict(key)}: {document}"
                for document in command.get("documents", [])
                if not all(document.get(field) is not None for field in key)
            ]
            continue
        for operation, query, hint, limit in _statements(command):
            reach = shards_reached(query, key)
            if reach == 1:
                continue
            declared = BOUNDED_SCATTERS.get((collection, str(hint)))
            shape = f"{operation} on {collection} (hint {hint}): {dict(query)}"
            if declared is None:
                failures.append(
                    f"{shape} reaches {reach or 'every shard of the tenant'}, and "
                    "no query of that name is declared in indexes/scatters.py"
                )
            elif reach is None and not declared.tenant_wide:
                failures.append(f"{shape} scatters over the tenant; declared only as listed")
            elif reach is not None and reach > declared.listed:
                failures.append(
                    f"{shape} lists {reach} shard-key values; declared {declared.listed}"
                )
            elif (
                declared.page is not None
                and operation == "find"
                and command.get("sort")
                and not 0 < (limit or 0) <= declared.page
            ):
                failures.append(f"{shape} is a page without a limit of at most {declared.page}")
    return failures


async def test_every_query_is_targeted_or_a_declared_bounded_scatter(
    recorder: Recorder, api: Api, admin: Api, store: Store, app: FastAPI, clock: FakeClock
) -> None:
    await every_route_family(api, admin, store, app, clock)
    sent = [c for c in recorder.commands if _statements(c) or "insert" in c]
    assert len(sent) > 100  # the listener heard the service
    failures = untargeted(recorder.commands)
    assert not failures, "\n".join(failures)


async def test_an_untargeted_query_fails_the_check(recorder: Recorder, store: Store) -> None:
    """The negative control: queries a mongos could not target, or that break their bound."""
    await store.user_settings.find({"tenant_id": "acme"}, index=UserSettingsIndex.USER)
    await store.relationships.find(
        {"tenant_id": "acme", "target_user_id": "star"},
        index=RelationshipIndex.TARGET_LIST,
        sort=[("type", 1)],
    )
    await store.user_counts.find(
        {"tenant_id": "acme", "user_id": {"$in": [str(n) for n in range(USERS_LISTED + 1)]}},
        index=UserCountIndex.SLOT,
    )
    failures = untargeted(recorder.commands)
    assert len(failures) == 3, failures
    assert "user_settings (hint tenant_user_unique)" in failures[0]
    assert "no query of that name is declared" in failures[0]
    assert f"a page without a limit of at most {PAGE}" in failures[1]
    assert f"lists {USERS_LISTED + 1} shard-key values" in failures[2]
    await store.user_settings.find(
        {"tenant_id": "acme", "user_id": "a"}, index="tenant_user_unique"
    )
    assert len(untargeted(recorder.commands)) == 3  # a targeted query passes
