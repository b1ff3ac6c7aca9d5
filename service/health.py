"""Liveness and readiness probes."""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from service.core.auth import StoreDep
from service.core.database import DatabaseUnreachable
from service.core.problems import problem
from service.core.request_id import request_urn

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz", response_model=None)
async def readyz(request: Request, store: StoreDep) -> dict[str, str] | JSONResponse:
    """The database answers."""
    try:
        await store.ping()
    except DatabaseUnreachable:
        return problem(
            503,
            "database_unavailable",
            "Not ready",
            "The database does not answer.",
            instance=request_urn(request),
        )
    return {"status": "ready", "backend": "embedded" if store.embedded else "mongodb"}
