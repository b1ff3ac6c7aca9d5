"""The installed distribution's version: pyproject.toml is the one place it is written."""

from importlib.metadata import PackageNotFoundError, version

DISTRIBUTION = "relationships"


def package_version() -> str:
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:  # a source tree that was never installed
        return "0+unknown"
