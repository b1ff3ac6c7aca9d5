"""A user's export: NDJSON, a header line, then exactly the user's edges, grants and events."""

import json
from typing import Any

from tests.helpers import Api, assert_problem


async def export(admin: Api, user_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    response = await admin.call("GET", f"/v1/admin/users/{user_id}/export")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/x-ndjson")
    header, *records = (json.loads(line) for line in response.text.splitlines())
    return header, records


async def test_export_contains_exactly_the_users_data(api: Api, admin: Api) -> None:
    await api.befriend("alice", "bob")
    await api.follow("carol", "alice")
    await api.mute("alice", "dave")
    await api.ok("PUT", "/v1/users/erin/contacts/alice", {"notes": "n"})
    await api.ok("PUT", "/v1/users/alice/resources/doc/grants/bob", {"permission": "write"})
    await api.ok("PUT", "/v1/users/bob/resources/pic/grants/alice", {"permission": "read"})
    # Not about alice:
    await api.befriend("bob", "carol")
    await api.ok("PUT", "/v1/users/bob/resources/pic/grants/carol", {"permission": "read"})

    header, records = await export(admin, "alice")
    assert header["kind"] == "relationships.user_export"
    assert header["user_id"] == "alice"
    assert header["generated_at"]
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        by_kind.setdefault(record["record"], []).append(record["data"])
        assert "tenant_id" not in record["data"]
    edges = sorted((e["user_id"], e["target_user_id"], e["type"]) for e in by_kind["edge"])
    assert edges == [
        ("alice", "bob", "friend"),
        ("alice", "dave", "muted"),
        ("bob", "alice", "friend"),
        ("carol", "alice", "following"),
        ("erin", "alice", "contact"),
    ]
    grants = sorted((g["owner_id"], g["grantee_id"], g["resource_id"]) for g in by_kind["grant"])
    assert grants == [("alice", "bob", "doc"), ("bob", "alice", "pic")]
    trail = await admin.items("/v1/admin/history", user_id="alice", limit=200)
    assert [e["id"] for e in by_kind["event"]] == [e["id"] for e in trail]
    assert all("alice" in (e["owner"], e["target"]) for e in by_kind["event"])
    assert len(by_kind["event"]) == 7


async def test_export_of_an_unknown_user_is_the_header_alone(admin: Api, api: Api) -> None:
    header, records = await export(admin, "nobody")
    assert header["user_id"] == "nobody"
    assert records == []
    assert_problem(await api.call("GET", "/v1/admin/users/alice/export"), 403, "insufficient_scope")


async def test_export_streams_many_records(api: Api, admin: Api) -> None:
    for i in range(120):
        await api.follow(f"f{i}", "alice")
    _, records = await export(admin, "alice")
    assert sum(r["record"] == "edge" for r in records) == 120
    assert sum(r["record"] == "event" for r in records) == 120
