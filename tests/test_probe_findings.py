"""The outside probe's smaller findings: each bad input is a listed 4xx problem, never a 500."""

import httpx
import pytest

from tests.helpers import Api, assert_problem


@pytest.mark.parametrize(
    "mute_until",
    ["9999-12-31T20:00:00-05:00", "9999-12-31T23:59:59-23:59", "0001-01-01T00:30:00+14:00"],
)
async def test_a_mute_end_past_what_a_date_holds_is_422(api: Api, mute_until: str) -> None:
    body = assert_problem(await api.mute("a", "b", mute_until=mute_until), 422, "validation_error")
    assert body["errors"][0]["loc"][:2] == ["body", "mute_until"] or "mute_until" in str(body)


async def test_no_redirect_names_a_host_the_client_chose(api: Api) -> None:
    response = await api.client.get(
        "/v1/users/alice/friends/", headers={**api.headers, "Host": "evil.example"}
    )
    assert_problem(response, 404, "not_found")
    assert "location" not in response.headers


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b'{"target_user_id": "\xff\xfe"}', "application/json"),
        (b'{"target_user_id": ' + b"9" * 4300 + b"}", "application/json"),
        (b"[" * 1000 + b"]" * 1000, "application/json"),
        ('{"target_user_id": "bé"}'.encode("latin-1"), "application/json; charset=latin-1"),
    ],
    ids=["not-utf-8", "4300-digit-integer", "1000-deep", "latin-1"],
)
async def test_unreadable_bodies_are_listed_problems(
    api: Api, content: bytes, content_type: str
) -> None:
    response = await api.client.post(
        "/v1/users/a/friend-requests",
        content=content,
        headers={**api.headers, "content-type": content_type},
    )
    assert response.status_code in (400, 422), response.text
    code = {400: "malformed_body", 422: "validation_error"}[response.status_code]
    assert_problem(response, response.status_code, code)
    assert await api.items("/v1/users/a/friend-requests", direction="outgoing") == []


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/v1/admin/settings", {"connections_enabled": "no"}, "connections_enabled"),
        ("/v1/admin/settings", {"connections_enabled": 0}, "connections_enabled"),
        ("/v1/admin/settings", {"enabled_types": {"friend": "yes"}}, "enabled_types"),
        ("/v1/admin/settings", {"connectons_enabled": False}, "connectons_enabled"),
    ],
)
async def test_admin_bodies_are_strict(admin: Api, path: str, body: object, field: str) -> None:
    response = await admin.call("PATCH", path, body)
    problem = assert_problem(response, 422, "validation_error")
    assert field in str(problem["errors"])
    settings = await admin.ok("GET", "/v1/admin/settings")
    assert settings["connections_enabled"] is True  # nothing was switched off
    assert all(settings["enabled_types"].values())


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("PUT", "/v1/users/a/mutes/b", {"duration_seconds": "60"}),
        ("PUT", "/v1/users/a/mutes/b", {"mute_until": 4102444800}),
        ("PUT", "/v1/users/a/mutes/b", {"mute_calls": "yes"}),
        ("PUT", "/v1/users/a/following/b", {"notifications_enabled": 1}),
        ("PUT", "/v1/users/a/settings", {"follow_requires_approval": "true"}),
        ("POST", "/v1/users/a/friend-requests", {"target_user_id": 42}),
    ],
)
async def test_user_bodies_are_strict(api: Api, method: str, path: str, body: object) -> None:
    assert_problem(await api.call(method, path, body), 422, "validation_error")


async def test_readiness_says_how_steps_are_kept_apart(client: httpx.AsyncClient) -> None:
    ready = (await client.get("/readyz")).json()
    assert ready["status"] == "ready"
    assert ready["pair_guards"] in ("none", "transaction", "lease")
    assert ("warning" in ready) == (ready["pair_guards"] == "lease")


async def test_a_long_url_is_a_listed_problem(api: Api) -> None:
    response = await api.call("GET", "/v1/users/" + "a" * 9000 + "/friends")
    assert_problem(response, 414, "uri_too_long")
    assert response.json()["instance"].startswith("urn:request:")
