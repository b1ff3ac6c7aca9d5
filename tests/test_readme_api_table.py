"""The README's API table names every route of the OpenAPI document, and no route it lacks.

The table is written for people, so it is terse; this reads its shorthand:

- a route is a code span that starts with its methods and a path: ``PUT/PATCH/GET/DELETE
  …/mutes/{other}`` (not ``GET ?member={other}``, a query of the route before it);
- ``…`` is the row's last full path up to its last ``{parameter}`` (so ``…/keys/{key_id}`` after
  ``/v1/operator/tenants/{tenant_id}/keys``), or the acting user's ``/v1/users/{uid}`` when the
  row has none yet;
- ``a\\|b`` in a segment is either of two routes; a query string is not part of the route;
- parameter names do not matter (``{uid}`` is the document's ``{user_id}``).
"""

import itertools
import re
from pathlib import Path

import pytest

from service.app import create_app
from service.core.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
TABLE_HEADER = "| area | endpoints"
METHODS = ("GET", "PUT", "POST", "PATCH", "DELETE")
ACTING_USER = "/v1/users/{uid}"
_CODE = re.compile(r"`([^`]+)`")
_ROUTE = re.compile(rf"^((?:{'|'.join(METHODS)})(?:/(?:{'|'.join(METHODS)}))*) ([/…]\S*)")
_PARAMETER = re.compile(r"\{[^}/]+\}")

Route = tuple[str, str]


def _normal(path: str) -> str:
    return _PARAMETER.sub("{}", path)


def _table_rows(readme: str) -> list[str]:
    lines = readme.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(TABLE_HEADER))
    rows = itertools.takewhile(lambda line: line.startswith("|"), lines[start + 2 :])
    return list(rows)


def _paths(written: str) -> list[str]:
    """Every path ``a\\|b`` segments stand for."""
    segments = [segment.split("\\|") for segment in written.split("/")]
    return ["/".join(chosen) for chosen in itertools.product(*segments)]


def _row_routes(row: str) -> set[Route]:
    routes: set[Route] = set()
    base = ACTING_USER
    for span in _CODE.findall(row):
        found = _ROUTE.match(span)
        if found is None:
            continue
        methods, written = found.group(1).split("/"), found.group(2).split("?")[0]
        if written.startswith("…"):
            written = base + written.removeprefix("…")
        elif "{" in written:
            base = written[: written.rindex("}") + 1]
        for path, method in itertools.product(_paths(written), methods):
            routes.add((method, _normal(path)))
    return routes


def table_routes(readme: str) -> set[Route]:
    routes: set[Route] = set()
    for row in _table_rows(readme):
        routes |= _row_routes(row)
    return routes


def document_routes() -> set[Route]:
    schema = create_app(Settings(mongodb_uri=None)).openapi()
    return {
        (method.upper(), _normal(path))
        for path, item in schema["paths"].items()
        for method in item
        if method.upper() in METHODS
    }


@pytest.fixture(scope="module")
def routes() -> tuple[set[Route], set[Route]]:
    return table_routes((ROOT / "README.md").read_text()), document_routes()


def test_every_route_of_the_openapi_document_is_in_the_readme_table(
    routes: tuple[set[Route], set[Route]],
) -> None:
    in_table, in_document = routes
    assert sorted(in_document - in_table) == []


def test_the_readme_table_names_no_route_the_service_lacks(
    routes: tuple[set[Route], set[Route]],
) -> None:
    in_table, in_document = routes
    assert sorted(in_table - in_document) == []


def test_the_shorthand_is_read_as_written() -> None:
    row = (
        '| x | `POST /v1/users/{uid}/friend-requests` `{"target_user_id"}`, '
        "`GET …/friend-requests?direction=incoming\\|outgoing`, "
        "`POST …/friend-requests/{other}/accept\\|reject`, `GET/POST /v1/a/{tenant_id}/keys`, "
        "`DELETE …/keys/{key_id}`, (`GET ?member={other}`: a query) |"
    )
    assert _row_routes(row) == {
        ("POST", "/v1/users/{}/friend-requests"),
        ("GET", "/v1/users/{}/friend-requests"),
        ("POST", "/v1/users/{}/friend-requests/{}/accept"),
        ("POST", "/v1/users/{}/friend-requests/{}/reject"),
        ("GET", "/v1/a/{}/keys"),
        ("POST", "/v1/a/{}/keys"),
        ("DELETE", "/v1/a/{}/keys/{}"),
    }
    assert _row_routes("| counts | `GET …/counts` |") == {("GET", "/v1/users/{}/counts")}
