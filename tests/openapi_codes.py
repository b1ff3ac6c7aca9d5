"""The problem codes each operation of an OpenAPI document declares, and a comparison of two
documents' code sets, operation by operation.

    .venv/bin/python -m tests.openapi_codes git:f7b1e68 openapi.json

compares the document committed at f7b1e68 with the working copy's and prints every operation
whose set differs (exit status 1 if any does).
"""

import json
import subprocess
import sys
from typing import Any

PROBLEM_JSON = "application/problem+json"
Document = dict[str, Any]


def resolved(document: Document, item: dict[str, Any]) -> dict[str, Any]:
    ref = item.get("$ref")
    if ref is None:
        return item
    found: Any = document
    for part in ref.removeprefix("#/").split("/"):
        found = found[part]
    return resolved(document, found)


def declared_codes(document: Document, operation: dict[str, Any]) -> dict[str, int]:
    """Each problem code the operation declares, with its status."""
    codes: dict[str, int] = {}
    for status, answer in operation["responses"].items():
        content = resolved(document, answer).get("content", {})
        for code in content.get(PROBLEM_JSON, {}).get("examples", {}):
            codes[code] = int(status)
    return codes


def code_sets(document: Document) -> dict[str, set[str]]:
    """``operationId`` -> the codes it declares."""
    return {
        operation["operationId"]: set(declared_codes(document, operation))
        for item in document["paths"].values()
        for operation in item.values()
    }


def differences(old: Document, new: Document) -> list[str]:
    before, after = code_sets(old), code_sets(new)
    lines = []
    for operation in sorted(before.keys() | after.keys()):
        if operation not in after:
            lines.append(f"{operation}: gone")
        elif operation not in before:
            lines.append(f"{operation}: new, {sorted(after[operation])}")
        elif before[operation] != after[operation]:
            added = sorted(after[operation] - before[operation])
            removed = sorted(before[operation] - after[operation])
            lines.append(f"{operation}: added {added}, removed {removed}")
    return lines


def _load(source: str) -> Document:
    """A path, or ``git:<rev>`` for the openapi.json committed at that revision."""
    if source.startswith("git:"):
        text = subprocess.run(
            ["git", "show", f"{source.removeprefix('git:')}:openapi.json"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    else:
        with open(source) as file:
            text = file.read()
    document: Document = json.loads(text)
    return document


def main(argv: list[str]) -> int:
    old, new = (_load(source) for source in argv)
    lines = differences(old, new)
    print("\n".join(lines) or "the same codes for every operation")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
