"""The ``relationships`` command and the embedded start-up (demo tenant, loud warning)."""

import logging
import re
from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager
from pydantic import ValidationError
from typer.testing import CliRunner

from service.app import DEMO_TENANT_ID, create_app
from service.cli.main import app as cli
from service.core.data.database import StartupFailed, Store
from service.core.settings import Settings
from tests.helpers import operator_headers, serving

pytestmark = pytest.mark.embedded_only  # the CLI and start-up run on the embedded backend
runner = CliRunner()


def test_indexes_sync_reports_every_index(monkeypatch: pytest.MonkeyPatch, store: Store) -> None:
    async def connected(_: object) -> Store:
        return store

    monkeypatch.setattr("service.cli.main.connect", connected)
    monkeypatch.setattr(store, "close", lambda: None)
    monkeypatch.setenv("MONGODB_URI", "mongodb://cli-test.invalid")  # connect is replaced above
    result = runner.invoke(cli, ["indexes", "sync"])
    assert result.exit_code == 0, result.output
    assert "tenant_user_target_type_unique" in result.output
    assert "mute_until_ttl" in result.output
    assert "intended shard key of user_relationships" in result.output


def test_serve_refuses_several_workers_on_the_embedded_backend(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("MONGODB_URI", raising=False)
    result = runner.invoke(cli, ["serve", "--workers", "2"])
    assert result.exit_code == 2
    assert "--workers 1" in result.output


def test_serve_passes_options_to_uvicorn(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, object] = {}
    monkeypatch.setattr(
        "service.cli.main.uvicorn.run", lambda target, **kw: seen.update(kw, target=target)
    )
    result = runner.invoke(cli, ["serve", "--host", "0.0.0.0", "--port", "9001"])
    assert result.exit_code == 0, result.output
    assert (seen["host"], seen["port"], seen["factory"]) == ("0.0.0.0", 9001, True)
    assert seen["target"] == "service.app:create_app"


def test_settings_accept_plain_mongodb_uri(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MONGODB_URI", "mongodb://db:27017/?replicaSet=rs0")
    assert Settings().mongodb_uri == "mongodb://db:27017/?replicaSet=rs0"
    assert Settings().embedded is False
    monkeypatch.setenv("RELATIONSHIPS_TRANSACTIONS", "sometimes")
    with pytest.raises(ValueError, match="transactions"):
        Settings()


@pytest.mark.slow
async def test_embedded_start_creates_a_working_demo_tenant_once(
    caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.WARNING)
    app = create_app(Settings(mongodb_uri=None, demo_tenant=True))
    async with LifespanManager(app) as manager:
        printed = capsys.readouterr().err
        assert "Demo tenant created" in printed
        # The warning is printed with the keys, not only logged among other lines.
        keys_and_warning = printed.split("Demo tenant created", 1)[1]
        assert "EMBEDDED IN-MEMORY BACKEND: nothing is kept" in keys_and_warning
        app_key = re.search(r"app key:\s+(rk_[\w-]+)", printed).group(1)  # type: ignore[union-attr]
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            response = await client.put(
                "/v1/users/a/following/b", headers={"Authorization": f"Bearer {app_key}"}
            )
            assert response.status_code == 201
        assert await app.state.store.tenants.is_empty() is False
    assert "EMBEDDED IN-MEMORY BACKEND" in caplog.text
    assert DEMO_TENANT_ID == "demo"


async def test_transactions_on_needs_mongodb() -> None:
    app = create_app(Settings(mongodb_uri=None, transactions="on"))
    with pytest.raises(StartupFailed, match="MONGODB_URI"):
        async with LifespanManager(app):
            pass


@pytest.mark.slow
def test_serve_really_serves(tmp_path: Path) -> None:
    """`relationships serve` as a user runs it: a real process on a loopback port."""
    with serving(tmp_path / "serve.log") as base:
        created = httpx.post(
            f"{base}/v1/operator/tenants",
            json={"tenant_id": "live", "name": "Live"},
            headers=operator_headers(),
        )
        assert created.status_code == 201
        key = created.json()["app_key"]
        followed = httpx.put(
            f"{base}/v1/users/a/following/b", headers={"Authorization": f"Bearer {key}"}
        )
        assert followed.status_code == 201
        assert httpx.get(f"{base}/readyz").json()["backend"] == "embedded"
    output = (tmp_path / "serve.log").read_text()
    assert "EMBEDDED IN-MEMORY BACKEND" in output
    assert "Demo tenant created" in output


def test_an_empty_operator_token_is_unset_and_a_short_one_refused() -> None:
    assert Settings(operator_token="").operator_token is None
    with pytest.raises(ValidationError, match="at least 32 characters"):
        Settings(operator_token="change-me")
    assert Settings(operator_token="x" * 32).operator_token is not None


def test_a_lease_must_outlast_the_longest_step() -> None:
    # A step may write until two budgets after its request began: a shorter lease would let a
    # second step into a pair the first one still writes.
    with pytest.raises(ValidationError, match="more than twice"):
        Settings(step_budget_seconds=5, lease_seconds=10)
    assert Settings(step_budget_seconds=5, lease_seconds=10.5).lease_seconds == 10.5


async def test_an_empty_operator_token_opens_nothing() -> None:
    app = create_app(Settings(mongodb_uri=None, operator_token="", demo_tenant=False))
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as anonymous:
            for headers in ({}, {"Authorization": "Bearer "}):
                response = await anonymous.post(
                    "/v1/operator/tenants", json={"tenant_id": "x", "name": "X"}, headers=headers
                )
                assert response.status_code == 401
