"""Helpers for end-user tokens: minting, and tokens made wrong on purpose."""

import base64
import json
from typing import Any

import httpx

from tests.helpers import Api


async def mint(api: Api, user_id: str, **body: Any) -> dict[str, Any]:
    response = await api.call("POST", f"/v1/users/{user_id}/tokens", body or None)
    assert response.status_code == 201, response.text
    minted: dict[str, Any] = response.json()
    return minted


async def user_api(api: Api, user_id: str, **body: Any) -> Api:
    """The API as the tenant's browser client of ``user_id`` sees it: through a user token."""
    return Api(api.client, (await mint(api, user_id, **body))["token"])


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def claims_of(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    decoded: dict[str, Any] = json.loads(
        base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    )
    return decoded


def with_claims(token: str, **changes: Any) -> str:
    """``token`` with its payload changed and its signature kept: a forgery."""
    header, _, signature = token.split(".")
    payload = {**claims_of(token), **changes}
    return ".".join([header, _b64(json.dumps(payload).encode()), signature])


def assert_invalid_token(response: httpx.Response) -> None:
    assert response.status_code == 401, response.text
    assert response.json()["code"] == "invalid_token"
    assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'
