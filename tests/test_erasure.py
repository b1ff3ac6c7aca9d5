"""Erasing a user forgets them: no document anywhere names them, the history keeps its events
under a per-tenant pseudonym without personal text, and erasing again answers the same."""

from typing import Any

import httpx

from service.core.data.database import Store
from tests.conftest import make_tenant
from tests.helpers import Api


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [str(k), *strings(v)]]
    if isinstance(value, list | tuple):
        return [s for v in value for s in strings(v)]
    return [str(value)]


async def documents_naming(store: Store, text: str) -> list[tuple[str, Any]]:
    """Every document, in every collection, with ``text`` anywhere in it (a full scan)."""
    found = []
    for name in await store.database.list_collection_names():
        async for document in store.database[name].find({}):
            if any(text in s for s in strings(document)):
                found.append((name, document))
    return found


async def busy_alice(api: Api, admin: Api) -> None:
    await api.ok(
        "POST", "/v1/users/alice/friend-requests", {"target_user_id": "bob", "message": "hi"}
    )
    await api.ok("POST", "/v1/users/bob/friend-requests/alice/accept")
    await api.ok("PATCH", "/v1/users/bob/friends/alice", {"nickname": "Ally", "notes": "n"})
    await api.ok("PUT", "/v1/users/alice/resources/doc/grants/bob", {"permission": "read"})
    await api.ok("POST", "/v1/users/alice/friend-requests", {"target_user_id": "carol"})
    await api.ok("POST", "/v1/users/carol/friend-requests/alice/reject", {"reason": "who?"})
    await api.follow("dave", "alice")
    await api.block("alice", "dave", reason="spam")  # ends dave's follow: named in "ended"
    await api.ok("PUT", "/v1/users/erin/contacts/alice", {"nickname": "Al", "notes": "x"})
    await admin.ok("PUT", "/v1/admin/users/frank/mutes/alice")
    await api.follow("bob", "carol")  # not about alice


async def test_erase_forgets_the_user_everywhere(api: Api, admin: Api, store: Store) -> None:
    await busy_alice(api, admin)
    trail_before = await admin.items("/v1/admin/history", limit=200)
    bob_before = await api.history("bob")
    assert await documents_naming(store, "alice")

    erased = await admin.ok("DELETE", "/v1/admin/users/alice")
    pseudonym = erased["pseudonym"]
    assert await documents_naming(store, "alice") == []

    trail_after = await admin.items("/v1/admin/history", limit=200)
    assert len(trail_after) == len(trail_before) + 1  # the events still count
    assert erased["events_forgotten"] == len(trail_before) - 1  # all but bob -> carol
    erase_event = trail_after[0]
    assert erase_event["action"] == "user_erased"
    assert (erase_event["owner"], erase_event["target"]) == (pseudonym, pseudonym)
    assert erase_event["actor_kind"] == "admin"
    assert set(erase_event["details"]) == {
        "edges_removed",
        "grants_removed",
        "settings_removed",
        "events_forgotten",
    }
    # Same shape, a pseudonym for alice, no personal text.
    for before, after in zip(trail_before, trail_after[1:], strict=True):
        assert (before["id"], before["action"], before["type"]) == (
            after["id"],
            after["action"],
            after["type"],
        )
        assert after["owner"] == (pseudonym if before["owner"] == "alice" else before["owner"])
        for personal in ("nickname", "notes", "reason", "message"):
            assert personal not in after["details"]
    block = next(e for e in trail_after if e["action"] == "block")
    assert block["details"]["ended"] == [f"following:dave->{pseudonym}:active"]
    # bob's own history keeps its events, naming the pseudonym.
    bob_after = await api.history("bob")
    assert len(bob_after) == len(bob_before)
    assert pseudonym in {e["owner"] for e in bob_after} | {e["target"] for e in bob_after}
    assert await admin.items("/v1/admin/history", user_id="alice") == []
    assert len(await admin.items("/v1/admin/history", user_id=pseudonym, limit=200)) == len(
        trail_before
    )
    # The trail between two users (read by their pair's key) follows the rename.
    between = await admin.items("/v1/admin/history", user_id="bob", other_user_id=pseudonym)
    assert (
        len(between)
        == len([e for e in trail_before if {e["owner"], e["target"]} == {"alice", "bob"}]) + 1
    )  # and the erase, an event about one of the two
    assert await admin.items("/v1/admin/history", user_id="bob", other_user_id="alice") == []


async def test_erasing_again_answers_the_same(api: Api, admin: Api) -> None:
    await busy_alice(api, admin)
    first = await admin.ok("DELETE", "/v1/admin/users/alice")
    trail = await admin.items("/v1/admin/history", limit=200)
    second = await admin.ok("DELETE", "/v1/admin/users/alice")
    assert second == first
    assert await admin.items("/v1/admin/history", limit=200) == trail
    # A user nobody knew: erased once (zeros, one event), the same again.
    nobody = await admin.ok("DELETE", "/v1/admin/users/nobody")
    assert nobody["edges_removed"] == 0
    assert await admin.ok("DELETE", "/v1/admin/users/nobody") == nobody
    assert len(await admin.items("/v1/admin/history", limit=200)) == len(trail) + 1


async def test_pseudonyms_differ_between_tenants(client: httpx.AsyncClient, admin: Api) -> None:
    globex = Api(client, (await make_tenant(client, "globex"))["admin_key"])
    ours = (await admin.ok("DELETE", "/v1/admin/users/alice"))["pseudonym"]
    theirs = (await globex.ok("DELETE", "/v1/admin/users/alice"))["pseudonym"]
    assert ours != theirs
    assert ours.startswith("erased:")


async def test_the_user_may_come_back(api: Api, admin: Api) -> None:
    await api.befriend("alice", "bob")
    first = await admin.ok("DELETE", "/v1/admin/users/alice")
    await api.follow("alice", "carol")
    again = await admin.ok("DELETE", "/v1/admin/users/alice")
    assert again["pseudonym"] == first["pseudonym"]
    assert (again["edges_removed"], again["events_forgotten"]) == (1, 1)
    assert await api.other_ids("/v1/users/carol/followers") == []
