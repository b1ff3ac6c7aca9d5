"""Request ids, the JSON request log, metrics and Server-Timing."""

import json
import re
import socket
from typing import Any

import httpx
import pytest

from tests.conftest import make_tenant
from tests.helpers import OPERATOR_TOKEN, Api, assert_problem

FOLLOW_ROUTE = "/v1/users/{user_id}/following/{other_id}"


def _json_lines(text: str) -> list[dict[str, Any]]:
    """Every stderr line must be a JSON object; the request lines are those with event=request."""
    return [json.loads(line) for line in text.splitlines() if line.strip()]


async def test_one_json_log_line_per_request_and_no_secret_anywhere(
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    client: httpx.AsyncClient,
) -> None:
    # The operator token and both keys travel in this test's requests, so they could leak here.
    created = await make_tenant(client, "initech")
    api = Api(client, created["app_key"])
    response = await api.follow("alice", "bob")
    assert response.status_code == 201
    await client.get("/v1/users/alice/following", headers={"Authorization": "Bearer rk_guess"})
    await Api(client, created["admin_key"]).call("GET", "/v1/admin/settings")

    lines = _json_lines(capsys.readouterr().err)
    [line] = [x for x in lines if x.get("event") == "request" and x.get("route") == FOLLOW_ROUTE]
    assert line["method"] == "PUT"
    assert line["status"] == 201
    assert isinstance(line["duration_ms"], float)
    assert line["db_round_trips"] == int(response.headers["x-db-round-trips"]) >= 1
    assert line["db_ms"] >= 0
    assert line["tenant_id"] == "initech"
    assert line["request_id"] == response.headers["x-request-id"]
    assert line["level"] == "info"
    unauthenticated = [x for x in lines if x.get("status") == 401]
    assert unauthenticated
    assert unauthenticated[0]["tenant_id"] is None

    everything = json.dumps(lines) + caplog.text
    for secret in (OPERATOR_TOKEN, created["app_key"], created["admin_key"], "rk_guess"):
        assert secret not in everything


async def test_metrics_count_requests_by_route_template_and_status(
    api: Api, client: httpx.AsyncClient
) -> None:
    for other in ("b", "c", "d"):
        assert (await api.follow("a", other)).status_code == 201
    assert (await api.follow("a", "b")).status_code == 200
    await client.get("/no/such/path")

    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    replica = f'replica="{socket.gethostname()}"'  # RELATIONSHIPS_INSTANCE_NAME unset
    assert f'{replica},route="{FOLLOW_ROUTE}"' in response.text
    text = response.text.replace(f",{replica}", "")  # on every series: left out below

    def sample(name: str, **labels: str) -> float:
        rendered = ",".join(f'{key}="{value}"' for key, value in labels.items())
        found = re.search(rf"^{name}\{{{re.escape(rendered)}\}} (\S+)$", text, re.MULTILINE)
        assert found, f"{name}{{{rendered}}} missing"
        return float(found.group(1))

    follow = {"method": "PUT", "route": FOLLOW_ROUTE}
    assert sample("relationships_http_requests_total", **follow, status="201") == 3
    assert sample("relationships_http_requests_total", **follow, status="200") == 1
    assert sample("relationships_http_request_duration_seconds_count", **follow, status="201") == 3
    assert sample("relationships_db_round_trips_total", **follow) >= 4
    assert sample("relationships_db_duration_seconds_count", **follow) == 4
    unmatched = {"method": "GET", "route": "<unmatched>", "status": "404"}
    assert sample("relationships_http_requests_total", **unmatched) == 1
    assert "/no/such/path" not in text  # raw paths never become labels


async def test_request_id_is_echoed_and_names_the_problem(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/users/a/friends", headers={"X-Request-ID": "req-42.a:b"})
    assert response.headers["x-request-id"] == "req-42.a:b"
    assert assert_problem(response, 401, "unauthenticated")["instance"] == "urn:request:req-42.a:b"

    for unusable in ("x" * 129, "has space", "<script>", ""):
        response = await client.get("/v1/users/a/friends", headers={"X-Request-ID": unusable})
        made = response.headers["x-request-id"]
        assert re.fullmatch(r"[0-9a-f]{32}", made), unusable
        assert response.json()["instance"] == f"urn:request:{made}"


async def test_every_answer_carries_request_id_round_trips_and_db_time(api: Api) -> None:
    response = await api.follow("a", "b")
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["x-request-id"])
    assert int(response.headers["x-db-round-trips"]) >= 1
    timing = re.fullmatch(r"db;dur=(\d+\.\d\d)", response.headers["server-timing"])
    assert timing is not None
    assert float(timing.group(1)) > 0  # it waited for the database at least once
    healthz = await api.client.get("/healthz")
    assert healthz.headers["server-timing"] == "db;dur=0.00"
    assert healthz.headers["x-db-round-trips"] == "0"


async def test_docs_load_nothing_from_another_host(client: httpx.AsyncClient) -> None:
    page = await client.get("/docs")
    assert page.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert assets
    assert all(asset.startswith("/") for asset in assets), assets  # none from a CDN
    for asset in assets:
        fetched = await client.get(asset)
        assert fetched.status_code == 200, asset
        assert fetched.content
    assert "/openapi.json" in page.text
