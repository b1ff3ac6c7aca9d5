"""The celebrity benchmark (benchmarks/celebrity.py) runs to the end at a tiny size over the
wire tier, so it cannot rot unnoticed; it prints figures, and no figure is asserted here."""

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.wire, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent.parent


def test_the_celebrity_benchmark_runs_at_a_tiny_size() -> None:
    arguments = ["--fans", "4", "--rounds", "1", "--modes", "leases,transactions"]
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.celebrity", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    for row in ("leases, fresh", "leases, shared", "transactions, fresh"):
        assert row in done.stdout, done.stdout[-2000:]
    assert "one-target rate / many-target rate" in done.stdout
