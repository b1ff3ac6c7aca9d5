"""End-user tokens: minting, scoping, revocation, rotation, erasure and the actor on events."""

from typing import Any

import httpx
import pytest

from service.core.data.database import Store
from service.core.settings import Settings
from tests.helpers import Api, FakeClock, assert_problem, operator_headers
from tests.test_erasure import documents_naming
from tests.tokens_helpers import assert_invalid_token, claims_of, mint, user_api, with_claims


async def test_a_token_acts_for_its_own_user(api: Api) -> None:
    minted = await mint(api, "alice", ttl_seconds=600)
    assert set(minted) == {"token", "token_id", "user_id", "expires_at"}
    claims = claims_of(minted["token"])
    assert (claims["sub"], claims["tid"], claims["jti"]) == ("alice", "acme", minted["token_id"])
    assert claims["exp"] - claims["iat"] == 600
    alice = Api(api.client, minted["token"])
    assert (await alice.follow("alice", "bob")).status_code == 201
    assert await alice.other_ids("/v1/users/alice/following") == ["bob"]
    assert await api.other_ids("/v1/users/bob/followers") == ["alice"]
    assert_problem(await alice.follow("bob", "alice"), 403, "not_your_user")
    assert await api.other_ids("/v1/users/bob/following") == []


async def test_events_name_the_user_and_the_token(api: Api, admin: Api) -> None:
    minted = await mint(api, "alice")
    alice = Api(api.client, minted["token"])
    await alice.follow("alice", "bob")
    await api.follow("alice", "carol")
    events = {e["target"]: e for e in await admin.items("/v1/admin/history", user_id="alice")}
    by_token, by_key = events["bob"], events["carol"]
    assert (by_token["actor_kind"], by_token["actor_token_id"]) == ("user", minted["token_id"])
    assert (by_key["actor_kind"], by_key["actor_token_id"]) == ("user", None)


@pytest.mark.parametrize("ttl", [59, 86_401, "600", 0, -1])
async def test_ttl_out_of_range_is_422(api: Api, ttl: Any) -> None:
    response = await api.call("POST", "/v1/users/alice/tokens", {"ttl_seconds": ttl})
    assert_problem(response, 422, "validation_error")


async def test_default_ttl_is_an_hour(api: Api) -> None:
    claims = claims_of((await mint(api, "alice"))["token"])
    assert claims["exp"] - claims["iat"] == 3600


async def test_a_token_expires(api: Api, clock: FakeClock) -> None:
    alice = await user_api(api, "alice", ttl_seconds=60)
    assert (await alice.call("GET", "/v1/users/alice/following")).status_code == 200
    clock.advance(seconds=61)
    assert_invalid_token(await alice.call("GET", "/v1/users/alice/following"))


async def test_revocation_takes_effect_on_the_next_request(api: Api) -> None:
    first, second = await user_api(api, "alice"), await user_api(api, "alice")
    bob = await user_api(api, "bob")
    assert (await first.call("GET", "/v1/users/alice/following")).status_code == 200
    assert (await api.call("DELETE", "/v1/users/alice/tokens")).status_code == 204
    for revoked in (first, second):
        assert_invalid_token(await revoked.call("GET", "/v1/users/alice/following"))
        assert_invalid_token(await revoked.follow("alice", "bob"))
    assert await api.other_ids("/v1/users/alice/following") == []
    # Bob's token is untouched, and a token minted after the revocation works.
    assert (await bob.call("GET", "/v1/users/bob/following")).status_code == 200
    fresh = await user_api(api, "alice")
    assert (await fresh.follow("alice", "bob")).status_code == 201


async def test_an_erase_revokes_and_forgets(api: Api, admin: Api, store: Store) -> None:
    alice = await user_api(api, "alice")
    await alice.follow("alice", "bob")
    assert (await api.call("DELETE", "/v1/users/alice/tokens")).status_code == 204
    alice = await user_api(api, "alice")
    assert (await admin.call("DELETE", "/v1/admin/users/alice")).status_code == 200
    assert_invalid_token(await alice.call("GET", "/v1/users/alice/following"))
    # The revocation outlives the erase under the user's pseudonym, never their id.
    assert await documents_naming(store, "alice") == []
    assert (await admin.call("DELETE", "/v1/admin/users/alice")).status_code == 200  # again
    assert_invalid_token(await alice.call("GET", "/v1/users/alice/following"))


async def test_tampered_and_forged_tokens_are_401(api: Api, other_tenant: Api) -> None:
    mallory = (await mint(api, "mallory"))["token"]
    forged = [
        with_claims(mallory, sub="alice"),
        with_claims(mallory, exp=claims_of(mallory)["exp"] + 10_000),
        with_claims(mallory, gen=claims_of(mallory)["gen"] + 1),
        mallory[:-2] + ("AA" if not mallory.endswith("AA") else "BB"),
        # Another tenant's token claiming this tenant: its signature is the other tenant's.
        with_claims((await mint(other_tenant, "alice"))["token"], tid="acme"),
        with_claims(mallory, tid="nope"),
        "a.b.c",
    ]
    for token in forged:
        assert_invalid_token(await Api(api.client, token).call("GET", "/v1/users/alice/mutes"))


async def test_rotation_keeps_unexpired_tokens_and_retiring_refuses_them(
    client: httpx.AsyncClient, api: Api, clock: FakeClock
) -> None:
    before = await user_api(api, "alice", ttl_seconds=7200)
    rotate = "/v1/operator/tenants/acme/signing-keys"
    rotated = await client.post(rotate, headers=operator_headers())
    assert rotated.status_code == 201, rotated.text
    keys = rotated.json()["items"]
    assert [k["accepted_until"] is None for k in keys] == [True, False]
    assert "secret" not in rotated.text  # the keys are listed, never their secrets
    after = await user_api(api, "alice", ttl_seconds=7200)
    assert (await after.call("GET", "/v1/users/alice/mutes")).status_code == 200
    assert (await before.call("GET", "/v1/users/alice/mutes")).status_code == 200  # still good
    clock.advance(hours=1)
    assert (await before.call("GET", "/v1/users/alice/mutes")).status_code == 200

    retired = await client.post(rotate, json={"retire_previous": True}, headers=operator_headers())
    assert [k["accepted_until"] for k in retired.json()["items"]] == [None]
    for refused in (before, after):  # both keys are retired
        assert_invalid_token(await refused.call("GET", "/v1/users/alice/mutes"))
    newest = await user_api(api, "alice")
    assert (await newest.call("GET", "/v1/users/alice/mutes")).status_code == 200


async def test_a_replaced_key_is_retired_once_its_tokens_have_expired(
    client: httpx.AsyncClient, api: Api, clock: FakeClock
) -> None:
    await mint(api, "alice")
    rotate = "/v1/operator/tenants/acme/signing-keys"
    first = (await client.post(rotate, headers=operator_headers())).json()["items"]
    assert len(first) == 2
    clock.advance(days=1, seconds=1)
    second = (await client.post(rotate, headers=operator_headers())).json()["items"]
    # The first key's tokens have all expired: it is gone; the one replaced now verifies on.
    assert [k["kid"] for k in second][1:] == [first[0]["kid"]]
    assert (
        await client.post("/v1/operator/tenants/nope/signing-keys", headers=operator_headers())
    ).status_code == 404


async def test_user_tokens_have_a_rate_limit_of_their_own(
    client: httpx.AsyncClient, api: Api, admin: Api
) -> None:
    await admin.ok(
        "PATCH",
        "/v1/admin/settings",
        {"user_rate_limit_per_second": 0.01, "user_rate_limit_burst": 2},
    )
    alice, bob = await user_api(api, "alice"), await user_api(api, "bob")
    for remaining in (1, 0):
        answered = await alice.call("GET", "/v1/users/alice/mutes")
        assert answered.status_code == 200
        # The tenant's policy, and the user's beside it (the same headers as the tenant limit).
        assert answered.headers["ratelimit-policy"].endswith('"user";q=2;w=200')
        assert f'"user";r={remaining};' in answered.headers["ratelimit"]
    refused = await alice.call("GET", "/v1/users/alice/mutes")
    assert_problem(refused, 429, "rate_limited")
    assert int(refused.headers["retry-after"]) >= 1
    assert '"user";r=0;' in refused.headers["ratelimit"]
    assert '"tenant";' in refused.headers["ratelimit-policy"]
    assert (await bob.call("GET", "/v1/users/bob/mutes")).status_code == 200  # his own budget
    assert (await api.call("GET", "/v1/users/alice/mutes")).status_code == 200  # the app key's


class TestProcessDefault:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return settings.model_copy(
            update={"user_rate_limit_per_second": 0.01, "user_rate_limit_burst": 1}
        )

    async def test_the_process_default_applies(self, api: Api) -> None:
        alice = await user_api(api, "alice")
        assert (await alice.call("GET", "/v1/users/alice/mutes")).status_code == 200
        assert_problem(await alice.call("GET", "/v1/users/alice/mutes"), 429, "rate_limited")


async def test_tokens_are_minted_and_revoked_whatever_the_switches(api: Api, admin: Api) -> None:
    await admin.ok("PATCH", "/v1/admin/settings", {"connections_enabled": False})
    alice = await user_api(api, "alice")
    assert_problem(await alice.call("GET", "/v1/users/alice/mutes"), 403, "feature_disabled")
    assert (await api.call("DELETE", "/v1/users/alice/tokens")).status_code == 204
    assert_invalid_token(await alice.call("GET", "/v1/users/alice/mutes"))


async def test_a_user_token_costs_one_round_trip_more_than_a_key(api: Api) -> None:
    """The revocation read, and nothing else: the signature needs the tenant read a key needs
    too."""
    alice = await user_api(api, "alice")
    by_key = await api.call("GET", "/v1/users/alice/mutes")
    by_token = await alice.call("GET", "/v1/users/alice/mutes")
    assert int(by_token.headers["x-db-round-trips"]) == int(by_key.headers["x-db-round-trips"]) + 1
