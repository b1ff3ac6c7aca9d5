"""A user's data on request: NDJSON, streamed from the database cursors in constant memory.

The first line says what the file is; then one line per record: every edge the user holds or
that points at them, every grant they gave or received, their lists, every membership on their
lists and of them on anyone's list, every history event about them.
"""

import json
from collections.abc import AsyncIterator
from typing import Any

from pydantic import BaseModel

from service.core.data.tenancy import LAYER_FIELDS
from service.core.steps.context import TenantContext

EXPORT_KIND = "relationships.user_export"
EXPORT_VERSION = 1


def _line(record: str, document: BaseModel) -> str:
    data: dict[str, Any] = document.model_dump(mode="json", exclude=LAYER_FIELDS)
    return json.dumps({"record": record, "data": data}, separators=(",", ":")) + "\n"


async def export_user(ctx: TenantContext, *, user_id: str) -> AsyncIterator[str]:
    yield (
        json.dumps(
            {
                "kind": EXPORT_KIND,
                "version": EXPORT_VERSION,
                "user_id": user_id,
                "generated_at": ctx.now().isoformat(),
                "records": ["edge", "grant", "list", "list_member", "event"],
            }
        )
        + "\n"
    )
    async for edge in ctx.edges.involving(user_id):
        yield _line("edge", edge)
    async for grant in ctx.grants.involving(user_id):
        yield _line("grant", grant)
    async for owned in ctx.lists.owned_by(user_id):
        yield _line("list", owned)
    async for membership in ctx.lists.memberships_of(user_id):
        yield _line("list_member", membership)
    async for event in ctx.events.involving(user_id):
        yield _line("event", event)
