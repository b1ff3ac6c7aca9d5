"""The README's commands run as written from a fresh checkout after its two set-up commands:
nothing assumes a program on PATH that the set-up does not put there (`relationships` lives in
`.venv/bin`), and every script it names exists."""

import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
# What a machine that can follow the quick start has anyway (the set-up needs Python 3).
SYSTEM_COMMANDS = {"curl", "python3", "cp", "docker", "pip", "kill", "sleep", "echo", "source"}
SHELL_WORDS = {"export", "until", "do", "done", "then", "fi", "if", "while"}


SEPARATORS = {";", "&&", "||", "|", "&", "(", ")", "$("}


def _programs() -> list[tuple[str, str]]:
    """(program, line) for every simple command of the README's bash blocks, those inside
    ``$(...)`` included."""
    found = []
    for block in re.findall(r"```bash\n(.*?)```", README, flags=re.DOTALL):
        for line in block.replace("\\\n", " ").splitlines():
            code = re.sub(r"\d*>&\d+|\d*>>?\s*[\w./-]+", " ", line)  # redirections
            lexer = shlex.shlex(code, posix=True, punctuation_chars=";&|()")
            lexer.commenters = "#"
            lexer.wordchars += "$=./-:,{}[]@*?%+"
            starting = True
            for token in lexer:
                if token in SEPARATORS or token.endswith("$"):
                    starting = True
                elif starting and not (
                    token in SHELL_WORDS or re.fullmatch(r"[A-Z_][A-Z0-9_]*=.*", token)
                ):
                    found.append((token, line))
                    starting = False
    return found


def test_every_readme_command_runs_after_the_set_up() -> None:
    scripts = set(PROJECT["project"]["scripts"]) | {"python", "pip"}
    refused = []
    for program, line in _programs():
        if program in SYSTEM_COMMANDS:
            continue
        if program.startswith(".venv/bin/"):
            ok = program.removeprefix(".venv/bin/") in scripts
        else:
            ok = (ROOT / program).is_file() and program.startswith("scripts/")
        if not ok:
            refused.append(f"{program} in: {line}")
    assert not refused, f"not runnable as written after the set-up: {refused}"


def test_inline_commands_name_the_environment_too() -> None:
    bare = re.findall(
        r"`(relationships (?:serve|check|import|indexes|tenants|keys|openapi)[^`]*)`", README
    )
    assert not bare, f"bare `relationships` (not on PATH after the set-up): {bare}"


def test_the_quick_start_is_two_commands() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("```bash\n", 1)[1].split("```", 1)[0]
    lines = [line for line in quick_start.splitlines() if line.strip()]
    assert [line.split()[0] for line in lines] == ["scripts/serve", "scripts/test"]


@pytest.mark.slow
def test_the_walk_through_runs_as_one_pasted_block(tmp_path: Path) -> None:
    """Pasted whole, with only the port changed (tests share the machine) and `scripts/serve`
    replaced by the command it ends in (the set-up has run): the block waits for readiness, the
    server's logs stay out of the answers, and the last answer shows alice blocking bob."""
    block = README.split("## A walk through with curl", 1)[1].split("```bash\n", 1)[1]
    block = block.split("```", 1)[0]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    serve = f"{shlex.quote(sys.executable)} -m service.cli.main serve --port {port}"
    script = block.replace("localhost:8000", f"localhost:{port}").replace("scripts/serve", serve)
    assert "scripts/serve" not in script
    env = {k: v for k, v in os.environ.items() if k not in ("MONGODB_URI", "PYTHONPATH")}
    env["PYTHONPATH"] = str(ROOT)
    # Its own process group, so that a hung run is stopped whole (the server is its child).
    shell = subprocess.Popen(
        ["bash", "-c", f"set -e\n{script}\nkill %1\nwait || true"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = shell.communicate(timeout=180)
    finally:
        if shell.poll() is None:
            os.killpg(shell.pid, signal.SIGKILL)
    assert shell.returncode == 0, stdout + stderr
    decoder = json.JSONDecoder()
    created, _ = decoder.raw_decode(stdout, stdout.index('{"tenant_id"'))
    assert created["tenant_id"] == "acme"
    summary, _ = decoder.raw_decode(stdout, stdout.rindex('{"items"'))
    bob = next(item for item in summary["items"] if item["user_id"] == "bob")
    assert bob["blocking"] is True
    assert '"event"' not in stdout  # no log line among the answers
    assert "request" in (tmp_path / "serve.log").read_text()
