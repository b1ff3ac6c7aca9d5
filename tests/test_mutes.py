"""Mutes: private, replaceable, and absent the instant they expire (clock injected)."""

from datetime import timedelta

from tests.helpers import Api, FakeClock, assert_problem


async def test_mute_defaults_to_permanent_with_all_flags(api: Api) -> None:
    response = await api.mute("alice", "bob")
    assert response.status_code == 201
    muting = response.json()["muting"]
    assert muting["mute_until"] is None
    assert (muting["mute_notifications"], muting["mute_stories"], muting["mute_calls"]) == (
        True,
        True,
        True,
    )
    again = await api.mute("alice", "bob")
    assert again.status_code == 200
    assert await api.actions("alice") == ["mute"]


async def test_mute_again_replaces(api: Api) -> None:
    await api.mute("alice", "bob")
    replaced = await api.mute("alice", "bob", mute_stories=False, duration_seconds=3600)
    assert replaced.status_code == 200
    assert replaced.json()["muting"]["mute_stories"] is False
    assert replaced.json()["muting"]["mute_until"] is not None
    items = await api.items("/v1/users/alice/mutes")
    assert len(items) == 1
    assert items[0]["muting"]["mute_stories"] is False
    assert await api.actions("alice") == ["mute", "mute"]


async def test_mute_expires_exactly_at_mute_until(api: Api, clock: FakeClock) -> None:
    await api.mute("alice", "bob", duration_seconds=60)
    assert await api.other_ids("/v1/users/alice/mutes") == ["bob"]
    assert (await api.summary("alice", "bob"))[0]["muting"] is True

    clock.advance(seconds=59, milliseconds=990)
    assert await api.other_ids("/v1/users/alice/mutes") == ["bob"]

    clock.advance(milliseconds=20)
    assert await api.other_ids("/v1/users/alice/mutes") == []
    summary = (await api.summary("alice", "bob"))[0]
    assert summary["muting"] is False
    assert summary["mute"] is None


async def test_muting_after_expiry_creates_a_new_mute(api: Api, clock: FakeClock) -> None:
    await api.mute("alice", "bob", duration_seconds=1)
    clock.advance(seconds=5)
    response = await api.mute("alice", "bob")
    assert response.status_code == 201
    assert await api.other_ids("/v1/users/alice/mutes") == ["bob"]


async def test_mute_until_absolute(api: Api, clock: FakeClock) -> None:
    until = clock.moment + timedelta(hours=2)
    response = await api.mute("alice", "bob", mute_until=until.isoformat())
    assert response.status_code == 201
    assert response.json()["muting"]["mute_until"].startswith(until.strftime("%Y-%m-%dT%H:%M"))
    clock.advance(hours=3)
    assert await api.other_ids("/v1/users/alice/mutes") == []


async def test_mute_until_in_the_past_is_refused(api: Api, clock: FakeClock) -> None:
    past = clock.moment - timedelta(minutes=1)
    assert_problem(
        await api.mute("alice", "bob", mute_until=past.isoformat()), 422, "mute_until_in_past"
    )
    assert await api.other_ids("/v1/users/alice/mutes") == []


async def test_mute_body_validation(api: Api) -> None:
    both = await api.mute("alice", "bob", duration_seconds=10, mute_until="2030-01-01T00:00:00Z")
    assert_problem(both, 422, "validation_error")
    naive = await api.mute("alice", "bob", mute_until="2030-01-01T00:00:00")
    assert_problem(naive, 422, "validation_error")
    assert_problem(await api.mute("alice", "bob", duration_seconds=0), 422, "validation_error")
    far = await api.mute("alice", "bob", mute_until="9999-01-01T00:00:00Z")
    assert_problem(far, 422, "validation_error")
    assert_problem(await api.mute("alice", "bob", mute_calls="loud"), 422, "validation_error")


async def test_muted_user_never_learns(api: Api) -> None:
    await api.mute("alice", "bob")
    assert await api.actions("bob") == []
    assert (await api.summary("bob", "alice"))[0]["muting"] is False
    assert (await api.summary("bob", "alice"))[0]["mute"] is None


async def test_unmute(api: Api, clock: FakeClock) -> None:
    await api.mute("alice", "bob")
    assert (await api.call("DELETE", "/v1/users/alice/mutes/bob")).status_code == 204
    assert (await api.call("DELETE", "/v1/users/alice/mutes/bob")).status_code == 204
    assert await api.other_ids("/v1/users/alice/mutes") == []
    assert await api.actions("alice") == ["unmute", "mute"]
    # Removing a mute that already expired changes nothing visible: no event.
    await api.mute("alice", "carol", duration_seconds=1)
    clock.advance(seconds=2)
    await api.call("DELETE", "/v1/users/alice/mutes/carol")
    assert (await api.actions("alice"))[0] == "mute"


async def test_mute_does_not_need_a_relationship_and_survives_a_block(api: Api) -> None:
    await api.mute("alice", "bob")
    await api.block("bob", "alice")
    assert await api.other_ids("/v1/users/alice/mutes") == ["bob"]
