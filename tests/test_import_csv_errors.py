"""A CSV file the importer cannot read as the file means it: an unclosed quote, a quoted cell
past any sane length, a byte that is not UTF-8. Each is a file error naming its line, the run
exits 2, nothing from there on is sent, and the CLI does not promise that running again goes on.
"""

import io
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from service.cli.main import app as cli
from service.cli.sources import FileFormat, SourceError, records
from tests.helpers import OPERATOR_TOKEN, serving

runner = CliRunner()
HEADER = b"user_id,target_user_id,notes\n"


def read_all(data: bytes) -> list[int]:
    return [record.row for record in records(io.BytesIO(data), FileFormat.CSV)]


def test_an_unclosed_quote_is_a_file_error_at_its_line() -> None:
    with pytest.raises(SourceError, match="line 2"):
        read_all(HEADER + b'u1,b1,"x\nu1,b2,y\n')


def test_a_quote_that_closes_many_lines_later_is_a_file_error() -> None:
    data = HEADER + b"u1,b0,fine\n" + b'u1,b1,"x\n' + b"u1,b2,y\n" * 3000 + b'u1,b3,"z"\n'
    with pytest.raises(SourceError, match="line 3"):
        read_all(data)


def test_a_bad_byte_is_reported_on_its_own_line() -> None:
    data = HEADER + b"u1,b1,fine\n" * 250 + b"u1,b2,\xff\n"
    with pytest.raises(SourceError, match="Line 252 is not UTF-8"):
        read_all(data)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with serving(log, RELATIONSHIPS_DEMO_TENANT="0") as base:
        yield base


@pytest.mark.embedded_only
def test_the_cli_stops_at_an_unclosed_quote_and_sends_nothing_after(
    live: str, tmp_path: Path
) -> None:
    created = httpx.post(
        f"{live}/v1/operator/tenants",
        json={"tenant_id": "quotes", "name": "quotes"},
        headers={"Authorization": f"Bearer {OPERATOR_TOKEN}"},
    )
    key = created.json()["app_key"]
    file = tmp_path / "f.csv"
    # One whole batch (2 rows) before the bad line; the bad line's batch is never sent.
    file.write_bytes(HEADER + b"u1,a1,x\nu1,a2,x\nu1,a3,x\n" + b'u1,b1,"x\nu1,b2,y\n')
    report = tmp_path / "report.json"
    args = ["import", "contacts", str(file), "--url", live, "--batch", "2"]
    result = runner.invoke(
        cli, [*args, "--report", str(report)], env={"RELATIONSHIPS_API_KEY": key}
    )
    assert result.exit_code == 2, result.output
    assert "line 5" in result.output
    assert "run the same command again to go on" not in result.output
    listed = httpx.get(
        f"{live}/v1/users/u1/contacts",
        params={"limit": 200},
        headers={"Authorization": f"Bearer {key}"},
    ).json()["items"]
    assert sorted(item["user_id"] for item in listed) == ["a1", "a2"]
