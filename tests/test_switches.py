"""Feature switches, swept over every ``/v1/users`` operation in the OpenAPI document.

With the module off every user route answers 403 ``feature_disabled``; with one type off,
every route of that type does and no other route does; the admin API stays reachable.
"""

import pytest

from models.enums import RelationshipType
from tests.helpers import Api, assert_problem
from tests.test_auth import OPERATIONS

# A user's tokens are credentials, not a relationship feature: minting and revoking them
# (revoking above all) works whatever the switches say.
USER_OPERATIONS = [
    (m, p) for m, p in OPERATIONS if p.startswith("/v1/users/") and not p.endswith("/tokens")
]
# Which relationship type's switch governs a route, by its first path segment after the user.
TYPE_OF_SEGMENT = {
    "friend-requests": RelationshipType.FRIEND,
    "friends": RelationshipType.FRIEND,
    "mutual-friends": RelationshipType.FRIEND,
    "following": RelationshipType.FOLLOWING,
    "followers": RelationshipType.FOLLOWING,
    "follow-requests": RelationshipType.FOLLOWING,
    "known-followers": RelationshipType.FOLLOWING,
    "blocks": RelationshipType.BLOCKED,
    "mutes": RelationshipType.MUTED,
    "contacts": RelationshipType.CONTACT,
}


def governing_type(path: str) -> RelationshipType | None:
    segment = path.split("/")[4]
    return TYPE_OF_SEGMENT.get(segment)


def test_every_typed_segment_is_known() -> None:
    segments = {p.split("/")[4] for _, p in USER_OPERATIONS}
    untyped = {
        "relationships",
        "resources",
        "history",
        "settings",
        "access",
        "counts",
        "lists",
        "suggestions",
    }
    assert segments <= set(TYPE_OF_SEGMENT) | untyped, segments - set(TYPE_OF_SEGMENT) - untyped
    assert {governing_type(p) for _, p in USER_OPERATIONS} >= set(RelationshipType)


@pytest.mark.parametrize(("method", "path"), USER_OPERATIONS)
async def test_module_off_closes_every_user_route(
    api: Api, admin: Api, method: str, path: str
) -> None:
    await admin.ok("PATCH", "/v1/admin/settings", {"connections_enabled": False})
    assert_problem(await api.call(method, path), 403, "feature_disabled")
    # The admin API stays reachable, to switch it back on.
    assert (await admin.call("GET", "/v1/admin/history")).status_code == 200


@pytest.mark.parametrize("switched_off", list(RelationshipType))
async def test_one_type_off_closes_exactly_its_routes(
    api: Api, admin: Api, switched_off: RelationshipType
) -> None:
    await admin.ok("PATCH", "/v1/admin/settings", {"enabled_types": {switched_off: False}})
    for method, path in USER_OPERATIONS:
        response = await api.call(method, path)
        if governing_type(path) is switched_off:
            assert_problem(response, 403, "feature_disabled")
        else:
            code = response.json().get("code") if response.content else None
            assert code != "feature_disabled", (method, path)
