"""The sharded compose profile, validated by ``docker-compose config`` (Debian's package, which
.ci/run installs; the test skips only where the binary is absent). No MongoDB runs here: this,
the query-shape test and docs/scaling.md's arithmetic are the proof the sharded stack gets."""

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped]  # no stubs installed; only parsed here

pytestmark = pytest.mark.embedded_only
ROOT = Path(__file__).resolve().parent.parent
COMPOSE = shutil.which("docker-compose")
REQUIRED = {
    "MONGO_INITDB_ROOT_USERNAME": "root",
    "MONGO_INITDB_ROOT_PASSWORD": "secret",
    "RELATIONSHIPS_OPERATOR_TOKEN": "t" * 32,
}


def _config(*profile: str) -> dict[str, Any]:
    assert COMPOSE is not None
    done = subprocess.run(
        [COMPOSE, "--project-directory", str(ROOT), *profile, "config"],
        cwd=ROOT,
        env={**os.environ, **REQUIRED},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    config: dict[str, Any] = yaml.safe_load(done.stdout)
    return config


@pytest.mark.skipif(COMPOSE is None, reason="docker-compose is not installed (.ci/run installs it)")
def test_the_sharded_profile_is_a_valid_cluster_behind_a_mongos() -> None:
    services = _config("--profile", "sharded")["services"]
    cluster = {"config", "shard1", "shard2", "mongos", "sharded-keyfile", "sharded-setup"}
    assert cluster | {"relationships-sharded"} <= set(services)
    for name in cluster | {"relationships-sharded"}:
        assert services[name]["profiles"] == ["sharded"], name  # off unless asked for
    assert "profiles" not in services["relationships"]
    for name in ("config", "shard1", "shard2", "mongos"):
        command = services[name]["command"]
        assert "--keyFile" in command, name  # members and router trust each other by key file
        assert "/data/keyfile" in " ".join(services[name]["volumes"]), name
    assert "--configsvr" in services["config"]["command"]
    for shard in ("shard1", "shard2"):
        assert {"--shardsvr", "--replSet", shard} <= set(services[shard]["command"])
        assert f'host: "{shard}:27018"' in " ".join(services[shard]["healthcheck"]["test"])
    assert "cfg/config:27019" in services["mongos"]["command"]
    assert "sh.addShard" in " ".join(services["mongos"]["healthcheck"]["test"])
    assert services["sharded-setup"]["command"] == ["relationships", "indexes", "sync", "--shard"]
    service, single = services["relationships-sharded"], services["relationships"]
    assert "@mongos:27017/" in service["environment"]["MONGODB_URI"]
    assert "authSource=admin" in service["environment"]["MONGODB_URI"]
    same = {k: v for k, v in service["environment"].items() if k != "MONGODB_URI"}
    assert same == {k: v for k, v in single["environment"].items() if k != "MONGODB_URI"}
    assert service["depends_on"]["sharded-setup"]["condition"] == "service_completed_successfully"
