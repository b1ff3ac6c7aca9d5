"""The generated client (``clients/python``, from the committed ``openapi.json``) against the app:
a tenant, a friend request, its acceptance, a block and the summary, typed end to end."""

import httpx
from relationships_client import AuthenticatedClient
from relationships_client.api.blocks import blocks_block
from relationships_client.api.friends import friends_accept_request, friends_send_request
from relationships_client.api.operator import operator_create_tenant
from relationships_client.api.summary import summary_summary
from relationships_client.models import (
    BlockBody,
    CreatedTenantView,
    FriendRequestBody,
    FriendState,
    FriendView,
    Problem,
    ProblemCode,
    SummaryPage,
    TenantBody,
)
from starlette.types import ASGIApp

from tests.helpers import OPERATOR_TOKEN


def client(app: ASGIApp, token: str) -> AuthenticatedClient:
    return AuthenticatedClient(
        base_url="http://test", token=token, httpx_args={"transport": httpx.ASGITransport(app)}
    )


async def test_a_scenario_through_the_generated_client(running: ASGIApp) -> None:
    operator = client(running, OPERATOR_TOKEN)
    created = await operator_create_tenant.asyncio(
        client=operator, body=TenantBody(tenant_id="typed", name="Typed")
    )
    assert isinstance(created, CreatedTenantView)
    app = client(running, created.app_key)

    asked = await friends_send_request.asyncio_detailed(
        "alice", client=app, body=FriendRequestBody(target_user_id="bob")
    )
    assert asked.status_code == 201
    assert isinstance(asked.parsed, FriendView)
    accepted = await friends_accept_request.asyncio("bob", "alice", client=app)
    assert isinstance(accepted, FriendView)
    assert accepted.is_mutual is True

    summary = await summary_summary.asyncio("alice", client=app, ids="bob")
    assert isinstance(summary, SummaryPage)
    assert summary.items[0].friend is FriendState.ACCEPTED

    blocked = await blocks_block.asyncio_detailed(
        "alice", "bob", client=app, body=BlockBody(reason="spam")
    )
    assert blocked.status_code == 201
    after = await summary_summary.asyncio("alice", client=app, ids="bob")
    assert isinstance(after, SummaryPage)
    assert after.items[0].blocking is True
    assert after.items[0].friend is FriendState.NONE

    refused = await friends_send_request.asyncio(
        "bob", client=app, body=FriendRequestBody(target_user_id="alice")
    )
    assert isinstance(refused, Problem)  # a typed problem, with its code from the enum
    assert refused.code is ProblemCode.BLOCKED
    assert refused.status == 403
