"""docker-compose.yml passes on every variable .env.example lists, and reads no other; the
service is published on the host's loopback interface by default (/metrics has no auth)."""

import re
from pathlib import Path

from service.core.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = (ROOT / "docker-compose.yml").read_text()
ENV_EXAMPLE = (ROOT / ".env.example").read_text()


def _listed_in_env_example() -> set[str]:
    # `NAME=value` and the commented `# NAME=value` (listed, unset by default).
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", ENV_EXAMPLE, flags=re.MULTILINE))


def _read_by_compose() -> set[str]:
    interpolated = set(re.findall(r"(?<!\$)\$\{([A-Z][A-Z0-9_]*)", COMPOSE))
    # The service's environment keys (MONGODB_URI is built from the MongoDB user's variables).
    service = COMPOSE.split("\n  relationships:\n", 1)[1]
    environment = service.split("    environment:\n", 1)[1].split("\n    ports:", 1)[0]
    keys = set(re.findall(r"^      ([A-Z][A-Z0-9_]*):", environment, flags=re.MULTILINE))
    return interpolated | keys


def test_compose_and_env_example_name_the_same_variables() -> None:
    listed, read = _listed_in_env_example(), _read_by_compose()
    assert not listed - read, f"listed in .env.example, ignored by compose: {listed - read}"
    assert not read - listed, f"read by compose, missing from .env.example: {read - listed}"


def test_every_setting_of_the_service_is_listed() -> None:
    listed = _listed_in_env_example()
    for name, field in Settings.model_fields.items():
        alias = field.validation_alias
        names = set(getattr(alias, "choices", ())) or {f"RELATIONSHIPS_{name.upper()}"}
        assert names & listed, f"{name} is not in .env.example"


def test_ports_are_published_on_the_loopback_interface_by_default() -> None:
    published = re.findall(r'^      - "([^"]+)"', COMPOSE, flags=re.MULTILINE)
    assert published
    for mapping in published:
        resolved = re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", mapping)
        assert resolved.startswith("127.0.0.1:"), mapping


def test_the_compose_defaults_are_the_services() -> None:
    defaults = Settings(mongodb_uri=None)
    for name in ("rate_limit_per_second", "rate_limit_burst", "import_batch_size"):
        match = re.search(rf"RELATIONSHIPS_{name.upper()}:-([^}}]+)\}}", COMPOSE)
        assert match, name
        assert float(match.group(1)) == float(getattr(defaults, name)), name
