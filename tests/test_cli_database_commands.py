"""The CLI's database commands never work on a throw-away in-memory store: without MONGODB_URI
they refuse (exit 2) and say what to set; `check` always says what it checked."""

import pytest
from typer.testing import CliRunner

from service.cli import main as cli
from service.core.data.database import Store

pytestmark = pytest.mark.embedded_only
runner = CliRunner()

DATABASE_COMMANDS = [
    ["tenants", "create", "foo"],
    ["tenants", "list"],
    ["tenants", "delete", "foo", "--yes"],
    ["tenants", "delete", "foo"],  # refused before it asks
    ["tenants", "rate-limit", "demo", "--per-second", "10"],
    ["keys", "create", "demo"],
    ["keys", "revoke", "demo", "key_0123456789abcdef"],
    ["check"],
    ["indexes", "sync"],
]


@pytest.mark.parametrize("command", DATABASE_COMMANDS, ids=" ".join)
def test_without_mongodb_uri_a_database_command_refuses(
    command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MONGODB_URI", raising=False)
    monkeypatch.delenv("RELATIONSHIPS_MONGODB_URI", raising=False)
    result = runner.invoke(cli.app, command)
    assert result.exit_code == 2, result.output
    assert "MONGODB_URI is not set" in result.output
    assert "operator API" in result.output
    assert "rk_" not in result.output
    assert "shown once" not in result.output.lower()


def test_check_says_what_it_checked_even_when_that_is_nothing(
    monkeypatch: pytest.MonkeyPatch, store: Store
) -> None:
    async def connected(_: object) -> Store:
        return store

    monkeypatch.setattr(cli, "connect", connected)
    monkeypatch.setattr(store, "close", lambda: None)
    monkeypatch.setenv("MONGODB_URI", "mongodb://cli-test.invalid")  # connect is replaced above
    monkeypatch.setenv("RELATIONSHIPS_DATABASE_NAME", "empty_one")
    result = runner.invoke(cli.app, ["check"])
    assert result.exit_code == 0, result.output
    assert "No tenants in database 'empty_one': nothing to check." in result.output


def test_check_help_names_the_invariants_not_rule_numbers() -> None:
    result = runner.invoke(cli.app, ["check", "--help"])
    assert result.exit_code == 0
    assert "rules 3-5" not in result.output
    assert "one-sided" in result.output
    assert "MONGODB_URI" in result.output
