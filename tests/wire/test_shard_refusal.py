"""``relationships indexes sync --shard`` against a server that is not a mongos (the wire
server answers ``hello`` as a standalone/replica member would): refused plainly, exit 2."""

import uuid

import pytest
from typer.testing import CliRunner

from service.cli.main import app as cli

pytestmark = pytest.mark.wire


def test_shard_refuses_a_server_that_is_not_a_mongos(
    monkeypatch: pytest.MonkeyPatch, mongodb_uri: str
) -> None:
    monkeypatch.setenv("MONGODB_URI", mongodb_uri)
    monkeypatch.setenv("RELATIONSHIPS_DATABASE_NAME", f"shard_{uuid.uuid4().hex[:10]}")
    monkeypatch.setenv("RELATIONSHIPS_TRANSACTIONS", "on")  # the wire server is standalone
    result = CliRunner().invoke(cli, ["indexes", "sync", "--shard"])
    assert result.exit_code == 2, result.output
    assert "is not a mongos" in result.output
    assert "Point MONGODB_URI at the mongos" in result.output
    assert "tenant_user_target_type_unique" not in result.output  # refused before any index
