"""HTTP for bulk imports; the rules live in ``service.importer.rules``.

The body is read here, from the raw request, so that its size is checked while it streams in:
an oversized body is refused before anything is parsed or written.
"""

import json
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel

from models.enums import ContactSource, RelationshipType
from service.core.errors import PayloadTooLarge, UnsupportedMediaType
from service.core.http.auth import AppContext, feature_switch
from service.core.http.declared import problems
from service.core.ids import USER_ID_PATTERN
from service.importer import rules
from service.importer.rows import (
    MalformedBody,
    NotAnArray,
    RowCode,
    parse_json_array,
    parse_ndjson,
)

NDJSON_TYPES = frozenset(
    {"application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines"}
)
JSON_TYPE = "application/json"

router = APIRouter(
    prefix="/v1/import",
    tags=["import"],
    dependencies=[Depends(feature_switch(RelationshipType.CONTACT))],
)

_USER_ID_SCHEMA = {"type": "string", "pattern": USER_ID_PATTERN}
_ROW_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["user_id", "target_user_id"],
    "additionalProperties": False,
    "properties": {
        "user_id": _USER_ID_SCHEMA,
        "target_user_id": _USER_ID_SCHEMA,
        "nickname": {"type": "string", "minLength": 1, "maxLength": 64},
        "notes": {"type": "string", "maxLength": 2000},
        "source": {"type": "string", "enum": list(ContactSource), "default": "imported"},
        "imported_from": {"type": "string", "maxLength": 200},
    },
}
_EXAMPLE_ROWS: list[dict[str, str]] = [
    {"user_id": "alice", "target_user_id": "bob", "nickname": "Bobby", "source": "imported"},
    {"user_id": "alice", "target_user_id": "carol", "notes": "met at the conference"},
]
_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/x-ndjson": {
                "schema": {"type": "string", "description": "One row object per line."},
                "example": "".join(json.dumps(row) + "\n" for row in _EXAMPLE_ROWS),
            },
            JSON_TYPE: {
                "schema": {"type": "array", "maxItems": rules.MAX_ROWS, "items": _ROW_SCHEMA},
                "example": _EXAMPLE_ROWS,
            },
        },
    }
}


class RowErrorView(BaseModel):
    row: int
    code: RowCode
    detail: str


class ImportResult(BaseModel):
    received: int
    created: int
    updated: int
    unchanged: int
    failed: int
    errors: list[RowErrorView]


async def _read_body(request: Request, limit: int) -> bytes:
    too_large = PayloadTooLarge(f"The body is over {limit:,} bytes; send smaller batches.")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


@router.post("/contacts", response_model=ImportResult, openapi_extra=_BODY)
@problems(PayloadTooLarge, UnsupportedMediaType)
async def import_contacts(
    request: Request,
    ctx: AppContext,
    dry_run: bool = False,
    mode: rules.ImportMode = rules.ImportMode.MERGE,
) -> ImportResult:
    """Save up to 10,000 contacts from NDJSON or a JSON array; bad rows are reported, not saved."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != JSON_TYPE and media_type not in NDJSON_TYPES:
        raise UnsupportedMediaType("Send application/x-ndjson or a JSON array (application/json).")
    settings = request.app.state.settings
    body = await _read_body(request, settings.import_max_body_bytes)
    try:
        values = parse_json_array(body) if media_type == JSON_TYPE else parse_ndjson(body)
    except NotAnArray as error:
        raise RequestValidationError(
            [{"loc": ("body",), "msg": str(error), "type": "list_type"}]
        ) from error
    except MalformedBody as error:
        # Answered 400 malformed_body, as unreadable JSON is on every route.
        reason = str(error.__cause__ or error)
        raise RequestValidationError(
            [
                {
                    "loc": ("body",),
                    "msg": str(error),
                    "type": "json_invalid",
                    "ctx": {"error": reason},
                }
            ]
        ) from error
    report = await rules.import_contacts(
        ctx,
        values,
        mode=mode,
        dry_run=dry_run,
        batch_size=settings.import_batch,
        client_gone=request.is_disconnected,
    )
    return ImportResult(
        received=report.received,
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        failed=report.failed,
        errors=[RowErrorView(row=e.row, code=e.code, detail=e.detail) for e in report.errors],
    )
