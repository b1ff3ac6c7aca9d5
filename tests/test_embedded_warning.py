"""The importer warns before sending a file past the embedded backend's comfortable size."""

import io
from pathlib import Path

import httpx
import pytest
from rich.console import Console

from service.cli import embedded_warning
from service.cli.embedded_warning import warn_if_too_large_for_embedded


def client(answer: httpx.Response) -> httpx.Client:
    def handle(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/readyz"
        return answer

    return httpx.Client(base_url="http://service", transport=httpx.MockTransport(handle))


@pytest.mark.parametrize(
    ("answer", "rows", "warned"),
    [
        (httpx.Response(200, json={"status": "ready", "backend": "embedded"}), 6, True),
        (httpx.Response(200, json={"status": "ready", "backend": "embedded"}), 5, False),
        (httpx.Response(200, json={"status": "ready", "backend": "mongodb"}), 6, False),
        (httpx.Response(503, text="not json"), 6, False),
    ],
)
def test_warns_only_for_a_large_file_on_the_embedded_backend(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answer: httpx.Response, rows: int, warned: bool
) -> None:
    monkeypatch.setattr(embedded_warning, "EMBEDDED_COMFORTABLE_ROWS", 5)
    file = tmp_path / "contacts.ndjson"
    file.write_text("".join('{"user_id": "a", "target_user_id": "b"}\n' for _ in range(rows)))
    out = io.StringIO()
    with client(answer) as http:
        warn_if_too_large_for_embedded(http, file, Console(file=out, width=300))
    assert ("embedded in-memory backend" in out.getvalue()) is warned, out.getvalue()
    if warned:
        assert f"about {rows:,} rows" in out.getvalue()
