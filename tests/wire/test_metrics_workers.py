"""``serve --workers 2``: /metrics counts every worker's requests, whichever worker answers the
scrape (prometheus_client's multiprocess mode), each series labelled with the replica."""

import os
import re
import uuid
from pathlib import Path

import httpx
import pytest

from tests.helpers import operator_headers, serving

pytestmark = [pytest.mark.wire, pytest.mark.slow]
REQUESTS = 40
SCRAPES = 12
ROUTE = "/v1/users/{user_id}/friends"


def test_metrics_add_up_over_the_workers(mongodb_uri: str, tmp_path: Path) -> None:
    os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)  # serve makes a directory of its own
    environment = {
        "RELATIONSHIPS_MONGODB_URI": mongodb_uri,
        "RELATIONSHIPS_DATABASE_NAME": f"workers_{uuid.uuid4().hex[:8]}",
        "RELATIONSHIPS_TRANSACTIONS": "on",
        "RELATIONSHIPS_INSTANCE_NAME": "replica-7",
        "RELATIONSHIPS_RATE_LIMIT_PER_SECOND": "0",
    }
    with serving(tmp_path / "serve.log", "--workers", "2", **environment) as base:
        created = httpx.post(
            f"{base}/v1/operator/tenants",
            json={"tenant_id": "acme", "name": "Acme"},
            headers=operator_headers(),
            timeout=30,
        )
        assert created.status_code == 201, created.text
        key = created.json()["app_key"]
        for _ in range(REQUESTS):  # a connection each: the workers share them out
            answered = httpx.get(
                f"{base}/v1/users/a/friends", headers={"Authorization": f"Bearer {key}"}
            )
            assert answered.status_code == 200, answered.text
        pattern = re.compile(
            r'^relationships_http_requests_total\{method="GET",replica="replica-7",'
            rf'route="{re.escape(ROUTE)}",status="200"\}} (\S+)$',
            re.MULTILINE,
        )
        for _ in range(SCRAPES):
            text = httpx.get(f"{base}/metrics").text
            found = pattern.search(text)
            assert found, text[-2000:]
            assert float(found.group(1)) == REQUESTS
