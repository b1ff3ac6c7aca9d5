"""The published OpenAPI document is valid and declares the problems each route answers with."""

from typing import Any

import pytest
from openapi_spec_validator import validate

from service.app import create_app
from service.core.settings import Settings


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    document: dict[str, Any] = create_app(Settings(mongodb_uri=None)).openapi()
    return document


def test_document_is_valid_openapi(schema: dict[str, Any]) -> None:
    validate(schema)


def test_every_protected_route_declares_its_problems(schema: dict[str, Any]) -> None:
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            if path in {"/healthz", "/readyz"}:
                continue
            assert "401" in responses, (method, path)
            assert "application/problem+json" in responses["401"]["content"], (method, path)
            if path.startswith("/v1/users/"):
                assert {"403", "422"} <= set(responses), (method, path)
            assert operation.get("description") or operation.get("summary"), (method, path)


def test_every_route_has_one_tag(schema: dict[str, Any]) -> None:
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            assert len(operation.get("tags", [])) == 1, (method, path)
