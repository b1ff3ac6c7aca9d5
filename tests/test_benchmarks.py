"""Every script in benchmarks/ runs to the end at a tiny size, so none can rot unnoticed.

They print figures and assert nothing themselves; here each must exit 0 and print its summary.
"""

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.embedded_only]

ROOT = Path(__file__).resolve().parent.parent
TINY = {
    "api": (["--small", "5", "--large", "20", "--rounds", "2"], "summary rate / raw rate"),
    "import_contacts": (["--rows", "120", "--users", "7", "--batch", "50"], "/healthz during"),
    "embedded_sizes": (["--sizes", "50,120", "--rounds", "2"], "120 edges:"),
    "graph": (["--edges", "200"], "suggestions rate / summary rate"),
    "thread_pool": (["5", "1"], "thread_pool_hand_offs_per_request"),
    "webhooks": (["--writes", "20", "--concurrency", "2"], "write rate on / off"),
    "document_sizes": (["--users", "12"], "bytes/doc"),
    "rate_limit": (["--sizes", "10,100", "--checks", "5"], "requests in window"),
}
# Over the wire tier only. race_latency is the race suite itself (tests/wire/test_race_suite.py
# runs every family it times, in both modes, in every run of the gate): a run takes minutes.
# celebrity runs at a tiny size in the wire tier (tests/wire/test_celebrity_benchmark.py).
WIRE_ONLY = {"race_latency", "celebrity"}


def test_every_benchmark_is_run_here() -> None:
    scripts = {p.stem for p in (ROOT / "benchmarks").glob("*.py") if p.stem != "__init__"}
    assert scripts == set(TINY) | WIRE_ONLY


@pytest.mark.parametrize("name", sorted(TINY))
def test_benchmark_runs_at_a_tiny_size(name: str) -> None:
    arguments, summary = TINY[name]
    done = subprocess.run(
        [sys.executable, "-m", f"benchmarks.{name}", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    assert summary in done.stdout, done.stdout[-2000:]
