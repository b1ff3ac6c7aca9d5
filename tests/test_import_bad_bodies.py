"""Import bodies the service cannot read are listed problems or row errors, never a 500, and
imported text follows the same rules as the single-contact API."""

import pytest

from tests.helpers import Api, assert_problem

NDJSON = {"content-type": "application/x-ndjson"}


@pytest.mark.parametrize(
    "line",
    [b"[" * 100_000, b"1" * 5000, b'{"user_id": ' + b"9" * 5000 + b"}"],
    ids=["nested-too-deep", "5000-digit-number", "5000-digit-field"],
)
async def test_an_unreadable_ndjson_line_is_a_row_error(api: Api, line: bytes) -> None:
    good = b'{"user_id": "a", "target_user_id": "b"}'
    response = await api.client.post(
        "/v1/import/contacts", content=line + b"\n" + good, headers={**api.headers, **NDJSON}
    )
    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["created"], report["failed"]) == (1, 1)
    assert report["errors"][0]["row"] == 1


@pytest.mark.parametrize("body", [b"[" * 100_000, b"[" + b"1" * 5000 + b"]"])
async def test_an_unreadable_json_array_is_a_problem(api: Api, body: bytes) -> None:
    response = await api.client.post(
        "/v1/import/contacts",
        content=body,
        headers={**api.headers, "content-type": "application/json"},
    )
    assert response.status_code in (400, 422), response.text
    assert response.json()["code"] in ("malformed_body", "validation_error")


async def test_imported_nicknames_follow_the_apis_rules(api: Api) -> None:
    rows = b'{"user_id": "a", "target_user_id": "b", "nickname": "\\u0000bad"}\n'
    rows += b'{"user_id": "a", "target_user_id": "c", "nickname": "' + b"n" * 65 + b'"}\n'
    rows += b'{"user_id": "a", "target_user_id": "d", "nickname": "  Dee  "}\n'
    response = await api.client.post(
        "/v1/import/contacts", content=rows, headers={**api.headers, **NDJSON}
    )
    report = response.json()
    assert (report["created"], report["failed"]) == (1, 2), report
    contact = await api.ok("GET", "/v1/users/a/contacts/d")
    assert contact["metadata"]["nickname"] == "Dee"


@pytest.mark.parametrize("since", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"])
async def test_audit_dates_past_what_a_date_holds_are_422(admin: Api, since: str) -> None:
    assert_problem(
        await admin.call("GET", "/v1/admin/history", since=since), 422, "validation_error"
    )
    assert_problem(
        await admin.call("GET", "/v1/admin/history", until=since), 422, "validation_error"
    )
