"""Six kinds of user token, swept over every operation in the OpenAPI document (issue 18).

A token of the path's user acts as the app key does; one of another user of the tenant gets
403 ``not_your_user``; tenant-wide routes (admin, operator, import, tokens) answer 403
``insufficient_scope`` to every valid user token; an expired, revoked, tampered or
other-tenant (forged) one gets 401 ``invalid_token``. No answer but the own user's carries any
of that user's data, and no refused call changes anything.
"""

import httpx
import pytest

from tests.conftest import make_tenant
from tests.helpers import Api, FakeClock, assert_problem
from tests.test_auth import PROTECTED
from tests.tokens_helpers import assert_invalid_token, mint, with_claims

SECRETS = ("nick-secret", "notes-secret", "erin", "dave", "frank")
"""What alice's (and only alice's) data in the tenant contains."""
USER_PATH = "/v1/users/alice/"


PUBLIC_READS = {"/v1/counts"}
"""What every user of the tenant may read: others' public counts (any user token may)."""


def tenant_wide(path: str) -> bool:
    """Routes beyond any user token's scope: admin, operator, import, the feed, and minting
    tokens."""
    public = path.split("?")[0] in PUBLIC_READS
    return not public and (not path.startswith(USER_PATH) or path.endswith("/tokens"))


def public_read(path: str) -> bool:
    return path.split("?")[0] in PUBLIC_READS


async def seed(api: Api) -> None:
    await api.befriend("alice", "bob")
    await api.ok("PATCH", "/v1/users/alice/friends/bob", {"nickname": "nick-secret"})
    await api.mute("alice", "erin")
    await api.block("alice", "dave")
    await api.ok("PUT", "/v1/users/alice/contacts/frank", {"notes": "notes-secret"})
    await api.ok("PUT", "/v1/users/alice/resources/doc-1/grants/bob", {"permission": "read"})


async def snapshot(api: Api) -> list[str]:
    paths = ["friends", "mutes", "blocks", "contacts", "history", "following", "followers"]
    return [(await api.call("GET", f"{USER_PATH}{p}")).text for p in paths]


def _content(response: httpx.Response) -> object:
    """The body, without the request's own id (a problem's ``instance``)."""
    body = response.json()
    if isinstance(body, dict):
        body.pop("instance", None)
    return body


@pytest.fixture
async def seeded(api: Api) -> list[str]:
    await seed(api)
    return await snapshot(api)


async def test_the_own_users_token_acts_as_the_app_key(
    client: httpx.AsyncClient, api: Api, seeded: list[str]
) -> None:
    twin = Api(client, (await make_tenant(client, "twin"))["app_key"])
    await seed(twin)
    alice = Api(client, (await mint(api, "alice", ttl_seconds=86_400))["token"])
    for method, path in PROTECTED:
        if tenant_wide(path):
            assert_problem(await alice.call(method, path), 403, "insufficient_scope")
            continue
        if method == "GET":  # the same data: the same answer, byte for byte
            mine, app_key = await alice.call(method, path), await api.call(method, path)
            assert (mine.status_code, _content(mine)) == (app_key.status_code, _content(app_key))
        else:  # a change: as the app key's on a tenant holding the same data
            mine, app_key = await alice.call(method, path), await twin.call(method, path)
            assert mine.status_code == app_key.status_code, (method, path, mine.text)


async def _refused(caller: Api, api: Api, seeded: list[str], expect: str) -> None:
    for method, path in PROTECTED:
        response = await caller.call(method, path)
        if expect == "invalid_token":
            assert_invalid_token(response)
        elif public_read(path):  # any valid token may read it (a 422 without ids, here)
            assert response.status_code not in (401, 403), (method, path, response.text)
        elif tenant_wide(path):
            assert_problem(response, 403, "insufficient_scope")
        else:
            assert_problem(response, 403, expect)
        assert not any(s in response.text.lower() for s in SECRETS), (method, path)
    assert await snapshot(api) == seeded  # nothing was changed


async def test_another_users_token_reaches_nothing_of_this_user(
    api: Api, seeded: list[str]
) -> None:
    bob = Api(api.client, (await mint(api, "bob"))["token"])
    await _refused(bob, api, seeded, "not_your_user")


async def test_a_token_of_another_tenant_sees_only_that_tenant(
    client: httpx.AsyncClient, api: Api, seeded: list[str]
) -> None:
    """The token's tenant is the one it acts in: its ``alice`` is another user altogether."""
    other = Api(client, (await make_tenant(client, "globex"))["app_key"])
    globex_alice = Api(client, (await mint(other, "alice"))["token"])
    for method, path in PROTECTED:
        response = await globex_alice.call(method, path)
        if tenant_wide(path):
            assert_problem(response, 403, "insufficient_scope")
        else:
            assert response.status_code not in (401, 403), (method, path, response.text)
        assert not any(s in response.text.lower() for s in SECRETS), (method, path)
    assert await snapshot(api) == seeded


async def test_another_tenants_token_claiming_this_tenant_is_401(
    client: httpx.AsyncClient, api: Api, seeded: list[str]
) -> None:
    other = Api(client, (await make_tenant(client, "globex"))["app_key"])
    forged = with_claims((await mint(other, "alice"))["token"], tid="acme")
    await _refused(Api(client, forged), api, seeded, "invalid_token")


async def test_an_expired_token_is_401(api: Api, seeded: list[str], clock: FakeClock) -> None:
    alice = Api(api.client, (await mint(api, "alice", ttl_seconds=60))["token"])
    clock.advance(seconds=60)
    await _refused(alice, api, seeded, "invalid_token")


async def test_a_revoked_token_is_401(api: Api, seeded: list[str]) -> None:
    alice = Api(api.client, (await mint(api, "alice"))["token"])
    assert (await api.call("DELETE", "/v1/users/alice/tokens")).status_code == 204
    await _refused(alice, api, seeded, "invalid_token")


async def test_a_tampered_token_is_401(api: Api, seeded: list[str]) -> None:
    mallory = (await mint(api, "mallory"))["token"]
    await _refused(Api(api.client, with_claims(mallory, sub="alice")), api, seeded, "invalid_token")


async def test_any_users_token_reads_the_public_counts(api: Api, seeded: list[str]) -> None:
    """Others' public counts (friends, followers, following) are what every user may see."""
    bob = Api(api.client, (await mint(api, "bob"))["token"])
    page = await bob.ok("GET", "/v1/counts", ids="alice,bob")
    assert [item["user_id"] for item in page["items"]] == ["alice", "bob"]
    assert page["items"][0]["friends"] == 1
    assert "mutes" not in page["items"][0]  # the private counts stay on alice's own route
    assert_problem(await bob.call("GET", "/v1/users/alice/counts"), 403, "not_your_user")
