"""No server-side request forgery (the operator setting off, as deployed): a webhook URL must be
https and resolve only to public addresses, when saved and again at each delivery."""

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
        # Sent to the address the check approved, never the name resolved again (a name may
        # answer the check with a public address and the connection with a private one), the
        # name kept as the Host and as the name the TLS certificate must carry.
        (sent,) = receiver.requests
        assert sent.url == httpx.URL(f"https://{PUBLIC}/")
        assert sent.headers["host"] == "hooks.example.com"
        assert sent.extensions["sni_hostname"] == "hooks.example.com"
    finally:
        await deliver.aclose()


async def test_the_setting_allows_private_targets(admin: Api, app: FastAPI) -> None:
    app.state.settings = app.state.settings.model_copy(
        update={"webhook_allow_private_targets": True}
    )
    created = await admin.call("POST", "/v1/admin/webhooks", {"url": "http://127.0.0.1:9/x"})
    assert created.status_code == 201, created.text
