"""Bad input: always a 4xx problem+json, never a 500, nothing stored."""

import httpx
import pytest

from tests.helpers import Api, assert_problem

BAD_IDS = ["a b", "a/b", "é", "x" * 129, "a%00b", "<script>", "a,b", "a#b"]


@pytest.mark.parametrize("bad", BAD_IDS)
async def test_bad_user_ids_in_path(api: Api, bad: str) -> None:
    from urllib.parse import quote

    escaped = quote(bad, safe="")
    for method, path in [
        ("PUT", f"/v1/users/{escaped}/following/bob"),
        ("PUT", f"/v1/users/alice/blocks/{escaped}"),
        ("GET", f"/v1/users/{escaped}/friends"),
        ("POST", f"/v1/users/alice/friend-requests/{escaped}/accept"),
    ]:
        response = await api.call(method, path)
        assert response.status_code in (404, 422), (method, path, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
    assert await api.other_ids("/v1/users/alice/following") == []
    assert await api.other_ids("/v1/users/alice/blocks") == []


@pytest.mark.parametrize("bad", BAD_IDS)
async def test_bad_user_ids_in_body(api: Api, bad: str) -> None:
    response = await api.call("POST", "/v1/users/alice/friend-requests", {"target_user_id": bad})
    assert_problem(response, 422, "validation_error")


async def test_validation_problem_names_the_field(api: Api) -> None:
    body = assert_problem(
        await api.call("POST", "/v1/users/alice/friend-requests", {}), 422, "validation_error"
    )
    assert body["errors"][0]["loc"] == ["body", "target_user_id"]


async def test_malformed_json_and_wrong_types(api: Api, client: httpx.AsyncClient) -> None:
    headers = {**api.headers, "content-type": "application/json"}
    broken = await client.post(
        "/v1/users/alice/friend-requests", content=b"{not json", headers=headers
    )
    assert_problem(broken, 400, "malformed_body")
    body: object
    for body in (None, [], "text", 5, {"target_user_id": 5}, {"target_user_id": None}):
        response = await api.call("POST", "/v1/users/alice/friend-requests", body)
        assert_problem(response, 422, "validation_error")
    message = await api.call(
        "POST", "/v1/users/alice/friend-requests", {"target_user_id": "bob", "message": "m" * 2001}
    )
    assert_problem(message, 422, "validation_error")
    assert await api.other_ids("/v1/users/alice/friend-requests", direction="outgoing") == []


async def test_unknown_route_and_method(api: Api) -> None:
    assert_problem(await api.call("GET", "/v1/nothing-here"), 404, "not_found")
    assert_problem(await api.call("POST", "/v1/users/alice/friends"), 405, "method_not_allowed")


async def test_patch_body_types(api: Api) -> None:
    await api.befriend("alice", "bob")
    for body in ({"is_favorite": "yes please"}, {"nickname": 12}, {"nickname": "n" * 201}):
        response = await api.call("PATCH", "/v1/users/alice/friends/bob", body)
        assert_problem(response, 422, "validation_error")
    assert (await api.items("/v1/users/alice/friends"))[0]["friendship"]["nickname"] is None
