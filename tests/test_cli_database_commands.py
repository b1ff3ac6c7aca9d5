"""The CLI's database commands never work on a throw-away in-memory store: without MONGODB_URI
they refuse (exit 2) and say what to set; `check` always says what it checked."""

import asyncio

import pytest
from typer.testing import CliRunner

from models.relationship import ContactMetadata
from models.tenant import TenantSettings
from service.cli import main as cli
from service.contacts import rules as contacts
from service.core.clock import SystemClock
from service.core.data.database import Store
from service.core.steps.context import TenantContext

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


def test_indexes_sync_gives_events_from_before_pair_keys_theirs(
    monkeypatch: pytest.MonkeyPatch, store: Store
) -> None:
    async def seed() -> None:
        await store.tenants.insert_one(
            {"tenant_id": "t1", "name": "T1", "created_at": SystemClock().now(), "keys": []}
        )
        ctx = TenantContext.bind(
            store, tenant_id="t1", settings=TenantSettings(), moment=SystemClock().now()
        )
        await contacts.save_contact(ctx, user_id="a", other_id="b", metadata=ContactMetadata())
        # As an older version wrote it: no pair key.
        await store.database["relationship_events"].update_many({}, {"$unset": {"pair": ""}})

    asyncio.run(seed())

    async def connected(_: object) -> Store:
        return store

    monkeypatch.setattr(cli, "connect", connected)
    monkeypatch.setattr(store, "close", lambda: None)
    monkeypatch.setenv("MONGODB_URI", "mongodb://cli-test.invalid")  # connect is replaced above
    result = runner.invoke(cli.app, ["indexes", "sync"])
    assert result.exit_code == 0, result.output
    assert "relationship_events: 1 events from before pair keys given theirs" in result.output
    again = runner.invoke(cli.app, ["indexes", "sync"])
    assert "from before pair keys" not in again.output
