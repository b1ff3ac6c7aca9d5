"""`relationships --version` and `relationships openapi`: neither connects to a database."""

import json
from importlib.metadata import version

import pytest
from typer.testing import CliRunner

from service.app import create_app
from service.cli.main import app as cli
from service.core.settings import Settings

runner = CliRunner()


def test_version_comes_from_the_package_metadata() -> None:
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0, result.output
    assert result.output == f"relationships {version('relationships')}\n"


@pytest.mark.slow
def test_openapi_prints_the_document_sorted_with_a_trailing_newline() -> None:
    result = runner.invoke(cli, ["openapi"])
    assert result.exit_code == 0, result.output
    assert result.output.endswith("}\n")
    document = json.loads(result.output)
    assert result.output == json.dumps(document, indent=2, sort_keys=True) + "\n"
    assert document == create_app(Settings(mongodb_uri=None)).openapi()
    assert document["info"]["version"] == version("relationships")
    assert "/metrics" not in document["paths"]  # an operator's endpoint, not the API's
