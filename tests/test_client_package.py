"""clients/python installs with the README's one command into a fresh virtual environment, and
the README's snippet runs as written against a live server: it succeeds with a good key and
fails loudly (exit 1, the problem's code) with a wrong one."""

import os
import re
import shutil
import subprocess
import tomllib
import venv
from pathlib import Path

import httpx
import pytest

from tests.helpers import operator_headers, serving

pytestmark = pytest.mark.embedded_only  # a real `relationships serve` on the embedded backend
ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def _readme_block(language: str, containing: str) -> str:
    blocks: list[str] = re.findall(rf"```{language}\n(.*?)```", README, flags=re.DOTALL)
    found = [block for block in blocks if containing in block]
    assert len(found) == 1, f"one ```{language} block with {containing!r} expected"
    return found[0]


def test_the_client_version_is_the_services() -> None:
    def version(path: Path) -> object:
        return tomllib.loads(path.read_text())["project"]["version"]

    assert version(ROOT / "clients/python/pyproject.toml") == version(ROOT / "pyproject.toml")


@pytest.mark.slow
def test_the_readme_snippet_runs_in_a_fresh_environment(tmp_path: Path) -> None:
    install = _readme_block("bash", "clients/python").strip()
    assert install == "pip install ./clients/python"
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = str(environment / "bin" / "python")
    # From a copy: pip builds in the source folder, and the checkout stays as it is.
    checkout = tmp_path / "checkout"
    shutil.copytree(
        ROOT / "clients/python",
        checkout / "clients/python",
        ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"),
    )
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", *install.split()[2:]],
        cwd=checkout,
        check=True,
        capture_output=True,
        timeout=600,
    )
    snippet = tmp_path / "snippet.py"
    snippet.write_text(_readme_block("python", "relationships_client"))
    # Nothing of the checkout on the path: only what the install put in the environment.
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}

    with serving(tmp_path / "serve.log") as base:
        created = httpx.post(
            f"{base}/v1/operator/tenants",
            json={"tenant_id": "snippet", "name": "Snippet"},
            headers=operator_headers(),
        )
        assert created.status_code == 201, created.text

        def run(key: str) -> subprocess.CompletedProcess[str]:
            env = {**clean, "RELATIONSHIPS_URL": base, "RELATIONSHIPS_API_KEY": key}
            return subprocess.run(
                [python, str(snippet)],
                cwd=tmp_path,
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )

        good = run(created.json()["app_key"])
        assert good.returncode == 0, good.stderr
        assert good.stdout.strip() == "alice -> bob: pending"
        wrong = run("rk_not-a-key")
        assert wrong.returncode == 1
        assert "401 unauthenticated" in wrong.stderr
