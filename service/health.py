"""Liveness and readiness probes."""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from service.core.auth import StoreDep
from service.core.database import TRANSACTIONS_OFF, DatabaseUnreachable, GuardMode
from service.core.errors import IndexesMissing
from service.core.problems import problem
from service.core.request_id import request_urn

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz", response_model=None)
async def readyz(request: Request, store: StoreDep) -> dict[str, str] | JSONResponse:
    """The database answers and has every declared index; says how steps are kept atomic."""
    try:
        await store.ping()
        missing = await store.missing_indexes()
    except DatabaseUnreachable:
        return problem(
            503,
            "database_unavailable",
            "Not ready",
            "The database does not answer.",
            instance=request_urn(request),
        )
    if missing:
        store.resync_indexes_soon()
        return problem(
            503,
            IndexesMissing.code,
            "Not ready",
            f"Declared indexes are missing (being re-created): {', '.join(missing)}.",
            instance=request_urn(request),
            headers={"Retry-After": "5"},
        )
    ready = {
        "status": "ready",
        "backend": "embedded" if store.embedded else "mongodb",
        "transactions": "on" if store.transactions else "off",
        "pair_guards": store.guard_mode.value,
    }
    if store.guard_mode is GuardMode.LEASE:
        ready["warning"] = TRANSACTIONS_OFF
    return ready
