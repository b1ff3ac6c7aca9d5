"""An erase that fails half-way leaves everything as it was (one transaction)."""

from typing import Any

import pytest

from models.tenant import Tenant
from service.admin import erasure
from service.core.data.database import Store
from service.core.data.pagination import PageRequest
from service.core.data.repositories import TenantRegistry
from service.core.steps.context import TenantContext
from service.friends import rules as friends

pytestmark = pytest.mark.wire


class InjectedFailure(Exception):
    pass


async def _fail(*_: Any, **__: Any) -> None:
    raise InjectedFailure("the erase event")


async def test_erase_rolls_back_whole(
    ctx: TenantContext, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    await TenantRegistry(store.tenants).insert(
        Tenant(tenant_id=ctx.tenant_id, name="T", created_at=ctx.now())
    )
    await friends.request_friendship(ctx, requester="a", target="b", message="hello")
    await friends.accept(ctx, receiver="b", requester="a")
    monkeypatch.setattr(erasure, "record_user_erased", _fail)
    with pytest.raises(InjectedFailure):
        await erasure.erase_user(ctx, user_id="a")
    assert len(list(await ctx.edges.load_pair("a", "b"))) == 2
    events, _ = await ctx.events.page(visible_to="b", page=PageRequest())
    assert [(e.owner, e.target) for e in events] == [("a", "b"), ("a", "b")]
    tenant = await TenantRegistry(store.tenants).get(ctx.tenant_id)
    assert tenant is not None
    assert tenant.erase_secret is None  # made in the same transaction, so gone with it
