"""The request id: taken from ``X-Request-ID`` when it is safe to echo and log, else made."""

import re
import uuid

from starlette.requests import HTTPConnection

REQUEST_ID_HEADER = "x-request-id"
# Bounded and URN-safe: it goes into a response header, a log line and the problem ``instance``.
_ACCEPTABLE = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def request_id_from(presented: str | None) -> str:
    if presented is not None and _ACCEPTABLE.fullmatch(presented):
        return presented
    return uuid.uuid4().hex


def request_urn(connection: HTTPConnection) -> str | None:
    """The problem document's ``instance``: this request, as the logs and the header name it."""
    request_id = connection.scope.get("state", {}).get("request_id")
    return f"urn:request:{request_id}" if request_id else None
