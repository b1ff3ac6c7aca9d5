"""A real HTTP receiver on a loopback port for the webhook wire tests: it records every
delivery, and can kill a server process when a delivery arrives (mid-delivery)."""

import json
import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

KILL_WAIT_SECONDS = 30


@dataclass
class Received:
    deliveries: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (id, payload)
    arrivals: list[datetime] = field(default_factory=list)  # when each delivery arrived
    armed: bool = False  # kill the sender of the next delivery, mid-delivery ...
    victim: int | None = None  # ... whose pid the test sets (it may start delivering at once)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def ids(self) -> list[str]:
        with self.lock:
            return [message_id for message_id, _ in self.deliveries]


@contextmanager
def receiving() -> Iterator[tuple[str, Received]]:
    received = Received()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as a real receiver would

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["content-length"]))
            with received.lock:
                kill, received.armed = received.armed, False
                if not kill:  # a delivery the killed process never saw answered is not counted
                    received.deliveries.append((self.headers["webhook-id"], json.loads(body)))
                    received.arrivals.append(datetime.now(UTC))
            if kill:
                for _ in range(KILL_WAIT_SECONDS * 20):
                    if received.victim is not None:
                        break
                    time.sleep(0.05)
                assert received.victim is not None, "the test never named the process to kill"
                os.kill(received.victim, signal.SIGKILL)
            self.send_response(500 if kill else 200)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook", received
    finally:
        server.shutdown()
        server.server_close()
