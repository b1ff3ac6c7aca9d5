"""An erase runs in batches, each atomic: a batch that fails half-way leaves its part as it was
and the erase's totals untouched, and erasing again finishes the job."""

from typing import Any

import pytest

from models.tenant import Tenant
from service.admin import erasure
from service.core.data.database import Store
from service.core.data.pagination import PageRequest
from service.core.data.repositories import TenantRegistry, UserSettingsRepository
from service.core.steps.context import TenantContext
from service.friends import rules as friends

pytestmark = pytest.mark.wire


class InjectedFailure(Exception):
    pass


async def _fail(*_: Any, **__: Any) -> None:
    raise InjectedFailure("the batch's progress")


async def test_a_failed_batch_rolls_back_whole_and_the_erase_resumes(
    ctx: TenantContext, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    await TenantRegistry(store.tenants).insert(
        Tenant(tenant_id=ctx.tenant_id, name="T", created_at=ctx.now())
    )
    await friends.request_friendship(ctx, requester="a", target="b", message="hello")
    await friends.accept(ctx, receiver="b", requester="a")
    alias = await ctx.account.pseudonym("a")
    # The batch with b deletes the edges, then fails writing its progress: all or nothing.
    monkeypatch.setattr(UserSettingsRepository, "add_to_erasure", _fail)
    with pytest.raises(InjectedFailure):
        await erasure.erase_user(ctx, user_id="a")
    assert len(list(await ctx.edges.load_pair("a", "b"))) == 2
    events, _ = await ctx.events.page(visible_to="b", page=PageRequest())
    assert [(e.owner, e.target) for e in events] == [("a", "b"), ("a", "b")]
    progress = await ctx.user_settings.erasure(alias)
    assert progress is not None
    assert progress["state"] == erasure.IN_PROGRESS
    assert progress["edges_removed"] == 0

    monkeypatch.undo()
    erased = await erasure.erase_user(ctx, user_id="a")
    assert erased["edges_removed"] == 2
    assert erased["events_forgotten"] == 2
    assert list(await ctx.edges.load_pair("a", "b")) == []
    state = await erasure.erasure_state(ctx, user_id="a")
    assert state["state"] == erasure.DONE
    assert state["left"] == {"edges": 0, "grants": 0, "events": 0}
