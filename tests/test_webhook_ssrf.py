"""No server-side request forgery (the operator setting off, as deployed): a webhook URL must be
https and resolve only to public addresses, when saved and again at each delivery."""

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from service.webhooks import ssrf
from tests.helpers import Api, FakeClock, assert_problem
from tests.webhook_helpers import Receiver, worker

PUBLIC = "93.184.216.34"


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """What each name resolves to: no real lookup leaves the test."""
    table: dict[str, list[str]] = {}

    async def resolve(host: str) -> list[str]:
        if host not in table:
            raise OSError(f"{host}: name not known")
        return table[host]

    monkeypatch.setattr(ssrf, "resolve", resolve)
    return table


@pytest.mark.parametrize(
    "url",
    [
        "http://hooks.example.com/x",  # not https
        "https://127.0.0.1/x",
        "https://[::1]/x",
        "https://[::ffff:127.0.0.1]/x",
        "https://10.0.0.1/x",
        "https://192.168.1.20/x",
        "https://169.254.169.254/latest/meta-data",  # the cloud metadata service
        "https://0.0.0.0/x",
        "https://rebound.example.com/x",  # a name that resolves to loopback
        "https://nowhere.example.com/x",  # a name that does not resolve
        "https://user:pass@hooks.example.com/x",
        "ftp://hooks.example.com/x",
        "not a url",
    ],
)
async def test_unsafe_urls_are_refused_when_saved(
    admin: Api, dns: dict[str, list[str]], url: str
) -> None:
    dns["rebound.example.com"] = ["127.0.0.1"]
    dns["hooks.example.com"] = [PUBLIC]
    response = await admin.call("POST", "/v1/admin/webhooks", {"url": url})
    assert_problem(response, 422, "webhook_url_refused")
    assert (await admin.ok("GET", "/v1/admin/webhooks"))["items"] == []


async def test_a_public_name_is_accepted_and_checked_again_at_each_delivery(
    app: FastAPI, admin: Api, clock: FakeClock, dns: dict[str, list[str]]
) -> None:
    dns["hooks.example.com"] = [PUBLIC]
    created = await admin.call("POST", "/v1/admin/webhooks", {"url": "https://hooks.example.com/"})
    assert created.status_code == 201, created.text
    hook = f"/v1/admin/webhooks/{created.json()['webhook_id']}"
    # A PATCH to an unsafe URL is refused and changes nothing.
    refused = await admin.call("PATCH", hook, {"url": "https://10.0.0.1/"})
    assert_problem(refused, 422, "webhook_url_refused")
    assert (await admin.ok("GET", hook))["url"] == "https://hooks.example.com/"
    # The name now points inside: the delivery is refused before any request is made.
    dns["hooks.example.com"] = ["10.1.2.3"]
    receiver = Receiver()
    deliver = worker(app, clock, receiver, allow_private=False)
    try:
        assert (await admin.call("POST", f"{hook}/ping")).status_code == 202
        await deliver.round()
        assert receiver.requests == []
        (record,) = (await admin.ok("GET", f"{hook}/deliveries"))["items"]
        assert record["status"] == "failed"
        assert "not public" in record["error"]
        # Public again: a retry goes out.
        dns["hooks.example.com"] = [PUBLIC]
        retry = await admin.call("POST", f"{hook}/deliveries/{record['delivery_id']}/retry")
        assert retry.status_code == 202
        await deliver.round()
        assert [r.url for r in receiver.requests] == [httpx.URL("https://hooks.example.com/")]
        # A connection to the name may go only to the address its check approved.
        assert deliver.addresses.approved == {"hooks.example.com": [PUBLIC]}
    finally:
        await deliver.aclose()


async def test_the_setting_allows_private_targets(admin: Api, app: FastAPI) -> None:
    app.state.settings = app.state.settings.model_copy(
        update={"webhook_allow_private_targets": True}
    )
    created = await admin.call("POST", "/v1/admin/webhooks", {"url": "http://127.0.0.1:9/x"})
    assert created.status_code == 201, created.text


@pytest.fixture
async def local_server() -> AsyncIterator[int]:
    """An HTTP server on 127.0.0.1 only, answering 200 "here"; yields its port."""

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 4\r\nconnection: close\r\n\r\nhere")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    async with server:
        yield server.sockets[0].getsockname()[1]


async def test_a_connection_to_a_name_goes_only_to_the_addresses_its_check_approved(
    local_server: int,
) -> None:
    """The name is never resolved for the connection (it does not even exist here): the
    approved addresses are tried in order (nothing listens on 127.0.0.2), and the request
    still names the host it was meant for."""
    addresses = ssrf.CheckedAddresses()
    addresses.approved["hooks.example.invalid"] = ["127.0.0.2", "127.0.0.1"]
    async with httpx.AsyncClient(transport=ssrf.checked_transport(addresses)) as client:
        answer = await client.get(f"http://hooks.example.invalid:{local_server}/x")
        assert (answer.status_code, answer.text) == (200, "here")
        assert answer.request.headers["host"] == f"hooks.example.invalid:{local_server}"
        addresses.approved["hooks.example.invalid"] = ["127.0.0.2"]  # the check changed
        with pytest.raises(httpx.ConnectError):
            await client.get(f"http://hooks.example.invalid:{local_server}/x")
