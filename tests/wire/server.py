"""A MongoDB wire-protocol server for the test session (mongoeco, Python >= 3.13).

Real Motor/PyMongo clients connect to it over a loopback socket, so the service takes exactly
its production driver path: hints are sent, sessions and transactions are used, errors come
back as server error codes. It reports itself as a standalone server, so the tier runs with
``RELATIONSHIPS_TRANSACTIONS=on``.
"""

import asyncio
import threading

START_TIMEOUT_SECONDS = 15


def start_wire_server() -> str:
    """Start the server on a free loopback port in a daemon thread; return its URI."""
    try:
        from mongoeco.engines.memory import MemoryEngine
        from mongoeco.wire import AsyncMongoEcoProxyServer
    except ImportError as error:  # pragma: no cover - depends on the interpreter
        raise RuntimeError(
            "The wire tier needs mongoeco (Python >= 3.13): pip install -e '.[test,wire]'"
        ) from error

    ready = threading.Event()
    found: dict[str, object] = {}

    async def serve() -> None:
        server = AsyncMongoEcoProxyServer(engine=MemoryEngine(), host="127.0.0.1", port=0)
        try:
            address = await server.start()
            found["uri"] = address.uri
        except BaseException as error:
            found["error"] = error
            raise
        finally:
            ready.set()
        await asyncio.Event().wait()  # until the process exits

    thread = threading.Thread(target=lambda: asyncio.run(serve()), daemon=True, name="wire-db")
    thread.start()
    if not ready.wait(START_TIMEOUT_SECONDS) or "uri" not in found:
        raise RuntimeError(f"the wire server did not start: {found.get('error')}")
    return str(found["uri"])


if __name__ == "__main__":  # a server in a process of its own: prints its URI, serves until killed
    print(start_wire_server(), flush=True)
    threading.Event().wait()
