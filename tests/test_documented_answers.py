"""The answers the README documents are the ones the service gives: unreadable JSON is 400
``malformed_body`` on every route (with a hint when the body was not sent as JSON), unknown query
parameters are refused like unknown body fields, and the import body has an example."""

import httpx
import pytest

from service.app import create_app
from service.core.settings import Settings
from tests.helpers import Api, assert_problem, operator_headers

JSON = {"content-type": "application/json"}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/v1/users/alice/friend-requests"),
        ("PUT", "/v1/users/alice/blocks/bob"),
        ("PATCH", "/v1/users/alice/mutes/bob"),
        ("POST", "/v1/import/contacts"),
    ],
)
async def test_unreadable_json_is_400_malformed_body_everywhere(
    api: Api, client: httpx.AsyncClient, method: str, path: str
) -> None:
    response = await client.request(
        method, path, content=b"{not json", headers={**api.headers, **JSON}
    )
    body = assert_problem(response, 400, "malformed_body")
    assert "JSON" in body["detail"]
    assert await api.items("/v1/users/alice/blocks") == []


async def test_unreadable_json_to_the_operator_is_400(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/v1/operator/tenants", content=b'{"tenant_id": ', headers={**operator_headers(), **JSON}
    )
    assert_problem(response, 400, "malformed_body")


async def test_a_body_not_sent_as_json_gets_a_hint(api: Api, client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/v1/users/alice/friend-requests",
        content=b'{"target_user_id": "bob"}',
        headers={**api.headers, "content-type": "application/x-www-form-urlencoded"},
    )
    body = assert_problem(response, 400, "malformed_body")
    assert "application/x-www-form-urlencoded" in body["detail"]
    assert "Content-Type: application/json" in body["detail"]


async def test_unknown_query_parameters_are_refused_by_name(api: Api) -> None:
    await api.befriend("alice", "bob")
    await api.befriend("alice", "carol")
    searched = await api.call("GET", "/v1/users/alice/friends", q="bo", limit=10)
    body = assert_problem(searched, 422, "validation_error")
    assert [e["loc"] for e in body["errors"]] == [["query", "q"]]
    several = await api.call("GET", "/v1/users/alice/friends", zeta="1", alpha="2")
    assert [e["loc"] for e in assert_problem(several, 422, "validation_error")["errors"]] == [
        ["query", "alpha"],
        ["query", "zeta"],
    ]
    # Declared parameters, the route's own and its dependencies' (the page), still work.
    page = await api.call("GET", "/v1/users/alice/friends", limit=1, favorites_only="false")
    assert page.status_code == 200, page.text
    assert len(page.json()["items"]) == 1


async def test_unknown_query_parameters_are_refused_on_every_kind_of_route(
    api: Api, client: httpx.AsyncClient
) -> None:
    assert_problem(await client.get("/healthz", params={"verbose": "1"}), 422, "validation_error")
    listed = await client.get(
        "/v1/operator/tenants", params={"name": "x"}, headers=operator_headers()
    )
    assert_problem(listed, 422, "validation_error")
    followed = await api.call("PUT", "/v1/users/alice/following/bob", notify="yes")
    assert_problem(followed, 422, "validation_error")
    assert await api.items("/v1/users/alice/following") == []  # refused before anything ran


def test_the_import_body_has_an_example_for_each_media_type() -> None:
    document = create_app(Settings(mongodb_uri=None)).openapi()
    content = document["paths"]["/v1/import/contacts"]["post"]["requestBody"]["content"]
    for media_type in ("application/json", "application/x-ndjson"):
        assert content[media_type].get("example"), media_type
