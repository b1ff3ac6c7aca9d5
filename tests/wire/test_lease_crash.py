"""A crash at each write of an import batch in lease mode (transactions off), over the wire tier:
a real `relationships serve` process kills itself (SIGKILL) right after its Nth write to tenant
data; `relationships check` then finds what the crash left half-done, `--repair` mends it, and
the history explains every edge afterwards."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import httpx
import pytest

from service.core.data.database import KILL_AFTER_WRITES_VARIABLE
from tests.helpers import OPERATOR_TOKEN, serving

pytestmark = pytest.mark.wire

ROWS = b"".join(
    b'{"user_id": "u1", "target_user_id": "b%d", "notes": "from the crm"}\n' % i for i in range(3)
)
# Leases of the killed process expire after this (more than two of the service's step budgets,
# 5 s, as the settings require); a repair waits one of its own budgets for a busy pair, then
# answers busy and is run again.
LEASE_SECONDS = "11"
REPAIR_STEP_BUDGET_SECONDS = "2"


def _relationships(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "service.cli.main", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


def _environment(mongodb_uri: str, database: str) -> dict[str, str]:
    return {
        "RELATIONSHIPS_MONGODB_URI": mongodb_uri,
        "RELATIONSHIPS_DATABASE_NAME": database,
        "RELATIONSHIPS_TRANSACTIONS": "off",
        "RELATIONSHIPS_DEMO_TENANT": "0",
        "RELATIONSHIPS_LEASE_SECONDS": LEASE_SECONDS,
    }


def _import_until_killed(base: str) -> bool:
    """Create the tenant and send the batch; True when the server answered it (not killed)."""
    created = httpx.post(
        f"{base}/v1/operator/tenants",
        json={"tenant_id": "crm", "name": "crm"},
        headers={"Authorization": f"Bearer {OPERATOR_TOKEN}"},
    )
    assert created.status_code == 201, created.text
    try:
        response = httpx.post(
            f"{base}/v1/import/contacts",
            content=ROWS,
            headers={
                "Authorization": f"Bearer {created.json()['app_key']}",
                "content-type": "application/x-ndjson",
            },
            timeout=60,
        )
    except httpx.TransportError:
        return False
    assert response.status_code == 200, response.text
    return True


def test_a_crash_at_each_write_of_an_import_batch_is_found_and_mended(
    mongodb_uri: str, tmp_path: Path
) -> None:
    findings: dict[int, str] = {}
    for writes in range(1, 20):
        env = {
            **os.environ,
            **_environment(mongodb_uri, f"crash_{uuid.uuid4().hex[:8]}"),
            "RELATIONSHIPS_STEP_BUDGET_SECONDS": REPAIR_STEP_BUDGET_SECONDS,
        }
        with serving(
            tmp_path / f"serve-{writes}.log",
            **_environment(mongodb_uri, env["RELATIONSHIPS_DATABASE_NAME"]),
            **{KILL_AFTER_WRITES_VARIABLE: str(writes)},
        ) as base:
            answered = _import_until_killed(base)
        if answered:
            break
        env.pop("MONGODB_URI", None)
        # Leases the dead process held expire after LEASE_SECONDS; a repair that meets one
        # answers busy and is run again, as an operator would. Each run prints what it found.
        for _ in range(40):
            repaired = _relationships(env, "check", "--tenant", "crm", "--repair")
            findings[writes] = findings.get(writes, "") + repaired.stdout
            if repaired.returncode == 0:
                break
        assert repaired.returncode == 0, repaired.stdout + repaired.stderr
        clean = _relationships(env, "check", "--tenant", "crm")
        assert clean.returncode == 0, clean.stdout + clean.stderr
        assert "0 violations" in clean.stdout
    else:
        pytest.fail("the import batch never completed")
    # The lease, the edges, the events: the process was killed after each write of the batch.
    assert len(findings) >= 3, findings
    # The crash between the edges and their events left edges their history did not explain,
    # and the check saw it.
    assert any("history_disagrees" in output for output in findings.values()), findings
