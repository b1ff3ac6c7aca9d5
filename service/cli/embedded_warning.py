"""The importer's warning when a large file is sent to the embedded in-memory backend.

The embedded default keeps everything in one process's memory and has no real indexes: the
README ("How large a tenant the embedded backend serves") gives the figures behind the limit.
The service says which backend it runs on at ``/readyz``; no answer there means no warning.
"""

from pathlib import Path

import httpx
from rich.console import Console

# Past this many edges in one tenant, calls on the embedded backend slow down noticeably
# (measured: see the README); the importer warns before a file of more rows.
EMBEDDED_COMFORTABLE_ROWS = 100_000
_CHUNK = 1 << 20


def backend_of(http: httpx.Client) -> str | None:
    """``embedded`` or ``mongodb`` as the service reports it; None when it does not say."""
    try:
        answer = http.get("/readyz")
        backend = answer.json().get("backend")
    except (httpx.HTTPError, ValueError, AttributeError):
        return None
    return backend if isinstance(backend, str) else None


def count_lines(path: Path) -> int:
    """Lines in ``path``, read in chunks (a file's rows, give or take a header)."""
    lines = 0
    with path.open("rb") as opened:
        while chunk := opened.read(_CHUNK):
            lines += chunk.count(b"\n")
    return lines


def warn_if_too_large_for_embedded(http: httpx.Client, file: Path, console: Console) -> None:
    if backend_of(http) != "embedded":
        return
    rows = count_lines(file)
    if rows > EMBEDDED_COMFORTABLE_ROWS:
        console.print(
            f"[yellow]The service runs on the embedded in-memory backend, which serves a tenant "
            f"of up to about {EMBEDDED_COMFORTABLE_ROWS:,} edges comfortably; this file has "
            f"about {rows:,} rows. The import will work but slow down as it grows, and "
            "everything is lost when the server stops: set MONGODB_URI for data this size "
            "(see the README).[/yellow]"
        )
