"""Liveness and readiness probes."""

from fastapi import APIRouter

from service.core.data.database import TRANSACTIONS_OFF, GuardMode
from service.core.errors import IndexesMissing
from service.core.http.auth import StoreDep

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz", response_model=None)
async def readyz(store: StoreDep) -> dict[str, str]:
    """The database answers and has every declared index; says how steps are kept atomic."""
    # An unreachable database, or a missing index, is the same problem a request would meet.
    await store.ping()
    if missing := await store.missing_indexes():
        store.resync_indexes_soon()
        raise IndexesMissing(
            f"Declared indexes are missing (being re-created): {', '.join(missing)}."
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
