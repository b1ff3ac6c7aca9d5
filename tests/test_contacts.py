"""Contacts: the user's private address book."""

from tests.helpers import Api, assert_problem


async def test_save_replace_and_remove(api: Api) -> None:
    body = {"nickname": "Bob", "notes": "met at the park", "source": "qr_code"}
    created = await api.call("PUT", "/v1/users/alice/contacts/bob", body)
    assert created.status_code == 201
    assert created.json()["metadata"] == {**body, "imported_from": None}

    same = await api.call("PUT", "/v1/users/alice/contacts/bob", body)
    assert same.status_code == 200
    assert await api.actions("alice") == ["contact_saved"]

    replaced = await api.call("PUT", "/v1/users/alice/contacts/bob", {"nickname": "Robert"})
    assert replaced.status_code == 200
    assert replaced.json()["metadata"]["notes"] is None
    assert (await api.items("/v1/users/alice/contacts"))[0]["metadata"]["nickname"] == "Robert"

    assert (await api.call("DELETE", "/v1/users/alice/contacts/bob")).status_code == 204
    assert (await api.call("DELETE", "/v1/users/alice/contacts/bob")).status_code == 204
    assert await api.other_ids("/v1/users/alice/contacts") == []
    assert await api.actions("alice") == ["contact_removed", "contact_saved", "contact_saved"]


async def test_contact_without_body_and_privacy(api: Api) -> None:
    assert (await api.call("PUT", "/v1/users/alice/contacts/bob")).status_code == 201
    assert await api.other_ids("/v1/users/bob/contacts") == []
    assert await api.actions("bob") == []


async def test_contact_validation(api: Api) -> None:
    assert_problem(
        await api.call("PUT", "/v1/users/alice/contacts/alice"), 422, "self_relationship"
    )
    too_long = await api.call("PUT", "/v1/users/alice/contacts/bob", {"notes": "x" * 2001})
    assert_problem(too_long, 422, "validation_error")
    wrong = await api.call("PUT", "/v1/users/alice/contacts/bob", ["not", "an", "object"])
    assert_problem(wrong, 422, "validation_error")
    assert await api.other_ids("/v1/users/alice/contacts") == []
