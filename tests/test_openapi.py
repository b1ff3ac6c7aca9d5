"""The published OpenAPI document is valid and declares the problems each route answers with."""

import json
from pathlib import Path
from typing import Any

import pytest
from openapi_spec_validator import validate

from service.app import create_app
from service.core.settings import Settings
from tests.openapi_codes import declared_codes, resolved


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    document: dict[str, Any] = create_app(Settings(mongodb_uri=None)).openapi()
    return document


@pytest.mark.slow
def test_document_is_valid_openapi(schema: dict[str, Any]) -> None:
    validate(schema)


def test_every_protected_route_declares_its_problems(schema: dict[str, Any]) -> None:
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if path in {"/healthz", "/readyz"}:
                continue
            codes = declared_codes(schema, operation)
            assert codes["unauthenticated"] == 401, (method, path)
            if path.startswith("/v1/users/"):
                assert {403, 422} <= set(codes.values()), (method, path)
            assert operation.get("description") or operation.get("summary"), (method, path)


def test_every_route_has_one_tag(schema: dict[str, Any]) -> None:
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            assert len(operation.get("tags", [])) == 1, (method, path)


def test_the_committed_snapshot_is_the_live_document() -> None:
    """openapi.json is what clients are generated from; `scripts/client` rewrites it."""
    live = json.dumps(create_app(Settings(mongodb_uri=None)).openapi(), indent=2, sort_keys=True)
    committed = (Path(__file__).parent.parent / "openapi.json").read_text()
    assert committed == live + "\n", "the OpenAPI document changed: run scripts/client"


def test_problems_are_problem_json_with_a_code_enum(schema: dict[str, Any]) -> None:
    codes = schema["components"]["schemas"]["ProblemCode"]["enum"]
    assert {"blocked", "conflict", "validation_error", "internal_error", "limit_reached"} <= set(
        codes
    )
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            assert "-" in operation["operationId"], (method, path)
            for status, answer in operation["responses"].items():
                if int(status) >= 400:
                    content = resolved(schema, answer)["content"]
                    assert list(content) == ["application/problem+json"], (path, status)


@pytest.mark.parametrize(
    "operation", ["mutes-mute", "mutes-update_mute", "admin-mute", "admin-update_mute"]
)
def test_a_mute_end_in_the_past_is_declared(schema: dict[str, Any], operation: str) -> None:
    """Raised through a method (MuteEnd.resolve)."""
    found = [
        o
        for item in schema["paths"].values()
        for o in item.values()
        if o["operationId"] == operation
    ]
    assert found, operation
    assert declared_codes(schema, found[0])["mute_until_in_past"] == 422


def test_each_problem_is_described_once(schema: dict[str, Any]) -> None:
    """Operations refer to the problems under ``components``; none is written out inline."""
    codes = schema["components"]["schemas"]["ProblemCode"]["enum"]
    responses = schema["components"]["responses"]
    single = sorted(name for name in responses if "_or_" not in name)
    assert single == sorted(codes)
    assert sorted(schema["components"]["examples"]) == sorted(codes)
    for code, example in schema["components"]["examples"].items():
        assert example["value"]["code"] == code
    for name, shared in responses.items():  # several problems of one status, by reference
        if "_or_" in name:
            examples = shared["content"]["application/problem+json"]["examples"]
            assert sorted(examples) == name.split("_or_")
            assert all(set(e) == {"$ref"} for e in examples.values()), name
    for item in schema["paths"].values():
        for operation in item.values():
            for status, answer in operation["responses"].items():
                if int(status) >= 400:
                    assert set(answer) == {"$ref"}, (operation["operationId"], status)


def test_the_committed_document_is_lean() -> None:
    size = (Path(__file__).parent.parent / "openapi.json").stat().st_size
    assert size < 300_000, f"openapi.json is {size:,} bytes"


def test_a_clear_nickname_does_not_promise_a_404(schema: dict[str, Any]) -> None:
    """``clear_nicknames`` skips the edges that are missing: no 404 is ever answered."""
    operation = schema["paths"]["/v1/admin/users/{user_id}/nicknames/{other_id}"]["delete"]
    assert "not_found" not in declared_codes(schema, operation)


def test_a_parameter_used_twice_is_described_once(schema: dict[str, Any]) -> None:
    inline = [
        json.dumps(parameter, sort_keys=True)
        for item in schema["paths"].values()
        for operation in item.values()
        for parameter in operation.get("parameters", ())
        if "$ref" not in parameter
    ]
    assert len(inline) == len(set(inline))
    assert "user_id" in schema["components"]["parameters"]
