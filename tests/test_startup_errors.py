"""A failed start says what is wrong and what to do in one plain line, exits non-zero, and
never echoes a secret; a busy port is found before any demo key is printed."""

import os
import socket
import subprocess
import sys

import pytest

from tests.helpers import OPERATOR_TOKEN

pytestmark = [pytest.mark.embedded_only, pytest.mark.slow]  # each starts real processes


def _serve(*arguments: str, timeout: float = 60, **environment: str) -> tuple[int, str]:
    env = {**os.environ, **environment}
    for unset in ("MONGODB_URI", "RELATIONSHIPS_MONGODB_URI"):
        if unset not in environment:
            env.pop(unset, None)
    done = subprocess.run(
        [sys.executable, "-m", "service.cli.main", "serve", *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


def _one_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output
    assert "Traceback" not in output
    return lines[0]


def test_a_short_operator_token_is_one_line_without_its_value() -> None:
    secret = "short-but-secret-9f3a"
    code, output = _serve(RELATIONSHIPS_OPERATOR_TOKEN=secret)
    assert code == 2
    line = _one_line(output)
    assert secret not in output
    assert "RELATIONSHIPS_OPERATOR_TOKEN" in line
    assert "at least 32 characters" in line


def test_an_unreachable_mongodb_is_one_line_naming_the_host_not_the_password() -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code, output = _serve(
        MONGODB_URI=f"mongodb://admin:hunter2pass@127.0.0.1:{port}/?directConnection=true",
        RELATIONSHIPS_SERVER_SELECTION_TIMEOUT_MS="300",
        RELATIONSHIPS_OPERATOR_TOKEN=OPERATOR_TOKEN,
    )
    assert code == 1
    line = _one_line(output)
    assert f"127.0.0.1:{port}" in line
    assert "300 ms" in line
    assert "hunter2pass" not in output
    assert "admin" not in output


def test_a_busy_port_is_refused_before_demo_keys_are_printed() -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        code, output = _serve("--port", str(port), RELATIONSHIPS_OPERATOR_TOKEN=OPERATOR_TOKEN)
    assert code == 1
    line = _one_line(output)
    assert f"127.0.0.1:{port}" in line
    assert "--port" in line
    assert "rk_" not in output
    assert "Demo tenant" not in output


def test_the_server_selection_timeout_is_a_setting() -> None:
    from service.core.settings import Settings

    assert Settings(server_selection_timeout_ms=250).server_selection_timeout_ms == 250
    with pytest.raises(ValueError, match="server_selection_timeout_ms"):
        Settings(server_selection_timeout_ms=0)
