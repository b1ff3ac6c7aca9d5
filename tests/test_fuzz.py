"""Seeded random input against every operation: never a 500, every error problem+json."""

import json
import random
import re
from typing import Any
from urllib.parse import quote

import pytest

from service.app import create_app
from service.core.settings import Settings
from tests.helpers import Api
from tests.openapi_codes import declared_codes as codes_of

SEED = 20261121
CASES_PER_OPERATION = 12
WEIRD_IDS = [
    "",
    " ",
    "a" * 129,
    "a" * 128,
    "é",
    "💥",
    "../x",
    "a/b",
    "%",
    "null",
    "0",
    "-",
    "a.b",
    "x" * 5000,
]


SCHEMA: dict[str, Any] = create_app(Settings(mongodb_uri=None)).openapi()
# Answered before any operation is chosen, for a path no operation has (a weird id with a slash).
ROUTING_CODES = {"not_found", "method_not_allowed"}


def declared_codes(method: str, path: str) -> dict[str, int]:
    """The problem codes the operation's OpenAPI entry says it can answer, with their status."""
    return codes_of(SCHEMA, SCHEMA["paths"][path][method.lower()])


def _operations() -> list[tuple[str, str]]:
    schema = SCHEMA
    return [
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method in item
        if not path.startswith("/v1/operator")
    ]


def _value(rng: random.Random, depth: int = 0) -> Any:
    choices: list[Any] = [
        None,
        True,
        False,
        0,
        -1,
        10**20,
        1.5,
        float("1e308"),
        "",
        "x" * 300,
        rng.choice(WEIRD_IDS),
        "2030-01-01T00:00:00Z",
        "2000-01-01T00:00:00+00:00",
    ]
    if depth < 2:
        choices += [[_value(rng, depth + 1)], {"k": _value(rng, depth + 1)}]
    return rng.choice(choices)


def _body(rng: random.Random) -> Any:
    fields = [
        "target_user_id",
        "message",
        "reason",
        "report_id",
        "nickname",
        "is_favorite",
        "notes",
        "source",
        "imported_from",
        "notifications_enabled",
        "mute_notifications",
        "mute_stories",
        "mute_calls",
        "duration_seconds",
        "mute_until",
        "follow_requires_approval",
        "connections_enabled",
        "enabled_types",
        "scope",
        "type",
        "max_friends",
        "max_following",
        "history_retention_days",
        "ttl_seconds",
        "cors_origins",
        "user_rate_limit_per_second",
        "user_rate_limit_burst",
        "retire_previous",
        "url",  # webhooks: refused before any lookup (never https://...), so nothing is called
        "event_types",
        "enabled",
    ]
    if rng.random() < 0.2:
        return _value(rng)
    return {name: _value(rng) for name in rng.sample(fields, rng.randint(0, 5))}


def _fill(path: str, rng: random.Random) -> str:
    def one(_: re.Match[str]) -> str:
        value = rng.choice([*WEIRD_IDS, "alice", "bob", "alice"])
        return quote(value, safe="") if value else "alice"

    return re.sub(r"\{\w+\}", one, path)


@pytest.mark.parametrize(("method", "path"), _operations())
async def test_random_input_never_breaks_the_service(admin: Api, method: str, path: str) -> None:
    rng = random.Random(f"{SEED}:{method}:{path}")
    await admin.befriend("alice", "bob")
    for _ in range(CASES_PER_OPERATION):
        target = _fill(path, rng)
        params = {
            "limit": rng.choice(["1", "0", "x", "500"]),
            "ids": rng.choice(["a", "", "a,,b"]),
            "cursor": rng.choice(["", "zz", "YzE6"]),
            "direction": rng.choice(["in", "outgoing"]),
            "user_id": rng.choice(WEIRD_IDS),
            "since": rng.choice(["yesterday", "9999-12-31T23:59:59Z", "1900-01-01T00:00:00Z"]),
            "owner": rng.choice(WEIRD_IDS),
            "resource_id": rng.choice(WEIRD_IDS),
        }
        content = json.dumps(_body(rng)) if rng.random() < 0.9 else "{broken"
        response = await admin.client.request(
            method,
            target,
            content=content,
            params=rng.sample(sorted(params.items()), 3),
            headers={**admin.headers, "content-type": "application/json"},
        )
        assert response.status_code < 500, (method, target, content, response.text)
        if response.status_code >= 400:
            assert response.headers["content-type"].startswith("application/problem+json")
            code = response.json()["code"]
            declared = declared_codes(method, path)
            assert code in declared.keys() | ROUTING_CODES, (method, target, code)
            assert response.status_code == declared.get(code, response.status_code), code
