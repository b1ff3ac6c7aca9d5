"""The importer's client side without a service: reading files, retrying, checkpoints."""

import io
import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from service.cli import sources
from service.cli.checkpoint import Checkpoint, Counts, identify
from service.cli.import_client import ImportRejected, Sender
from service.cli.sources import FileFormat, Record, SourceError, guess_format, records


def read(data: bytes, file_format: FileFormat) -> list[Record]:
    return list(records(io.BytesIO(data), file_format))


def sent(found: list[Record]) -> list[tuple[int, Any]]:
    return [(r.row, json.loads(r.line)) for r in found]


def test_csv_with_bom_quoted_commas_line_breaks_and_crlf() -> None:
    data = (
        "\ufeffuser_id,target_user_id,nickname,notes\r\n"
        'alice,bob,"Bob, the builder","said ""hi"""\r\n'
        "\r\n"
        'alice,carol,,"two\r\nlines"\r\n'
        "alice,dave,Dave,,one too many\r\n"
        "bob,alice\r\n"
    ).encode()
    found = read(data, FileFormat.CSV)
    assert sent([r for r in found if r.code is None]) == [
        (
            2,
            {
                "user_id": "alice",
                "target_user_id": "bob",
                "nickname": "Bob, the builder",
                "notes": 'said "hi"',
            },
        ),
        (4, {"user_id": "alice", "target_user_id": "carol", "notes": "two\r\nlines"}),
        (7, {"user_id": "bob", "target_user_id": "alice"}),  # missing cells: fields not given
    ]
    bad = [r for r in found if r.code is not None]
    assert [(r.row, r.code) for r in bad] == [(6, "invalid_row")]
    assert "5 cells" in bad[0].detail


def test_csv_header_must_name_row_fields() -> None:
    with pytest.raises(SourceError, match="phone"):
        read(b"user_id,target_user_id,phone\na,b,1\n", FileFormat.CSV)
    assert read(b"", FileFormat.CSV) == []
    with pytest.raises(SourceError, match="UTF-8"):
        read(b"user_id,target_user_id\n\xff\xfe,b\n", FileFormat.CSV)


def test_ndjson_lines_are_passed_on_as_they_are() -> None:
    data = b'\xef\xbb\xbf{"user_id": "a", "target_user_id": "b"}\r\n\n  \n{broken\n[1]'
    found = read(data, FileFormat.NDJSON)
    assert [(r.row, r.line) for r in found] == [
        (1, b'{"user_id": "a", "target_user_id": "b"}'),
        (4, b"{broken"),
        (5, b"[1]"),
    ]


def test_json_array_is_read_element_by_element(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "_CHUNK", 5)  # every element straddles chunk boundaries
    data = '\ufeff [ {"user_id": "a", "target_user_id": "b", "notes": "x, ]"} ,\n 12345 , [1, 2] ]'
    found = read(data.encode(), FileFormat.JSON)
    assert sent(found) == [
        (1, {"user_id": "a", "target_user_id": "b", "notes": "x, ]"}),
        (2, 12345),  # a number is not cut where a chunk ends; the service reports the row
        (3, [1, 2]),
    ]
    assert read(b"[]", FileFormat.JSON) == []
    for broken, why in (
        (b'{"user_id": "a"}', "start with"),
        (b"[1 2]", "after element 1"),
        (b"[1,", "element 2"),
        (b"[1, }", "element 2"),
        (b"[", "element 1"),
    ):
        with pytest.raises(SourceError, match=why):
            read(broken, FileFormat.JSON)
    monkeypatch.setattr(sources, "_MAX_ELEMENT", 20)
    with pytest.raises(SourceError, match="element 1"):
        read(b'[{"notes": "' + b"x" * 100 + b'"}]', FileFormat.JSON)
    with pytest.raises(SourceError, match="UTF-8"):
        read(b'["\xff"]', FileFormat.JSON)


def test_format_from_the_extension() -> None:
    assert [guess_format(Path(n)) for n in ("a.CSV", "a.jsonl", "a.ndjson", "a.json", "a")] == [
        FileFormat.CSV,
        FileFormat.NDJSON,
        FileFormat.NDJSON,
        FileFormat.JSON,
        None,
    ]


ANSWER = {"received": 1, "created": 1, "updated": 0, "unchanged": 0, "failed": 0, "errors": []}


def sender(answers: list[Any], waits: list[float], retries: int = 3) -> Sender:
    """A sender whose service answers ``answers`` in turn (an exception is raised instead)."""
    pending = iter(answers)

    def handle(request: httpx.Request) -> httpx.Response:
        assert request.headers["content-type"] == "application/x-ndjson"
        assert request.url.params["mode"] == "replace"
        answer = next(pending)
        if isinstance(answer, Exception):
            raise answer
        return answer  # type: ignore[no-any-return]

    http = httpx.Client(transport=httpx.MockTransport(handle), base_url="http://svc")
    return Sender(http, "replace", dry_run=False, retries=retries, sleep=waits.append)


def test_connection_errors_5xx_and_429_are_retried_with_backoff() -> None:
    waits: list[float] = []
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    answers = [
        httpx.Response(503),
        httpx.Response(429, headers={"retry-after": "7"}),
        httpx.ConnectError("refused"),
        httpx.Response(502, headers={"retry-after": later}),
        httpx.Response(503, headers={"retry-after": "soon"}),  # unreadable: the backoff
        httpx.Response(200, json=ANSWER, headers={"x-db-round-trips": "5"}),
    ]
    answer = sender(answers, waits, retries=5).send(b"{}")
    assert (answer.body, answer.round_trips) == (ANSWER, 5)
    assert waits[:3] == [0.5, 7.0, 2.0]
    assert 25 < waits[3] <= 30  # the date in Retry-After
    assert waits[4] == 8.0


def test_a_lost_race_is_retried_but_other_conflicts_are_not() -> None:
    waits: list[float] = []
    lost = {"code": "conflict", "detail": "Concurrent requests changed this; retry."}
    answers = [
        httpx.Response(409, json=lost, headers={"retry-after": "1"}),
        httpx.Response(200, json=ANSWER),
    ]
    assert sender(answers, waits).send(b"{}").body == ANSWER
    assert waits == [1.0]
    taken = {"code": "write_taken", "detail": "Someone else writes."}
    with pytest.raises(ImportRejected, match="409 write_taken"):
        sender([httpx.Response(409, json=taken)], []).send(b"{}")


def test_refusals_stop_at_once_and_retries_run_out() -> None:
    problem = {"code": "unauthenticated", "detail": "The key is unknown or was revoked."}
    with pytest.raises(ImportRejected, match="401 unauthenticated"):
        sender([httpx.Response(401, json=problem)], []).send(b"{}")
    waits: list[float] = []
    with pytest.raises(ImportRejected, match="gave up after 4 attempts: 500"):
        sender([httpx.Response(500, text="oops")] * 4, waits).send(b"{}")
    assert waits == [0.5, 1.0, 2.0]


def test_a_checkpoint_is_resumed_only_for_the_same_file_and_options(tmp_path: Path) -> None:
    data = tmp_path / "rows.ndjson"
    data.write_text('{"user_id": "a", "target_user_id": "b"}\n')
    path = tmp_path / "report.json.checkpoint"
    with data.open("rb") as file:
        run = identify(file, data, {"batch": 10})
        assert file.tell() == 0
    checkpoint, resumed = Checkpoint.open(path, run)
    assert not resumed
    checkpoint.record(1, Counts(received=2, created=1, failed=1), [{"row": 2, "code": "x"}])
    checkpoint.record(2, Counts(received=1, unchanged=1), [])
    with path.open("a") as out:
        out.write('{"batch": 3, "coun')  # a run killed while writing

    again, resumed = Checkpoint.open(path, run)
    assert resumed
    assert sorted(again.done) == [1, 2]
    assert again.totals() == Counts(received=3, created=1, unchanged=1, failed=1)
    assert list(again.errors()) == [{"row": 2, "code": "x"}]

    other, resumed = Checkpoint.open(path, {**run, "batch": 20})
    assert not resumed
    assert other.done == {}
    assert list(other.errors()) == []
