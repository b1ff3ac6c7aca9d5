"""The service as a real HTTP server on a loopback port, for races over real connections.

Uvicorn runs the app in a thread with its own event loop; clients in the test's loop send
concurrent requests over sockets, and the app talks to the wire server over sockets too, so
requests interleave at every database call exactly as in production.
"""

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from service.app import create_app
from service.core.settings import Settings

START_TIMEOUT_SECONDS = 20


@contextmanager
def served(settings: Settings) -> Iterator[str]:
    """Serve ``create_app(settings)`` until the block ends; yields its base URL."""
    config = uvicorn.Config(
        create_app(settings),
        host="127.0.0.1",
        port=0,
        log_level="warning",
        lifespan="on",
        # Longer than any pause of a test's client between two requests: the server never
        # closes an idle connection just as the client reuses it (httpx does not resend then;
        # the race benchmark once died of that ReadError).
        timeout_keep_alive=120,
    )
    server = uvicorn.Server(config)
    failure: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(server.serve())
        except BaseException as error:  # surfaced to the test below
            failure.append(error)

    thread = threading.Thread(target=run, daemon=True, name="served-app")
    thread.start()
    for _ in range(START_TIMEOUT_SECONDS * 100):
        if server.started or failure or not thread.is_alive():
            break
        threading.Event().wait(0.01)
    if not server.started:
        raise RuntimeError(f"the app did not start: {failure}")
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
