"""Domain errors: each has a stable machine-readable ``code`` and the HTTP status it maps to.

    DomainError
    ├── Unauthenticated        401 unauthenticated
    │   └── InvalidToken       401 invalid_token (a user token expired, revoked or forged)
    ├── InsufficientScope      403 insufficient_scope
    ├── NotYourUser            403 not_your_user (a user token, another user's path)
    ├── OriginNotAllowed       403 origin_not_allowed (a browser origin the tenant did not list)
    ├── Blocked                403 blocked
    ├── FeatureDisabled        403 feature_disabled
    ├── NotConnected           403 not_connected
    ├── NotFound               404 not_found
    ├── AlreadyExists          409 already_exists
    ├── WriteTaken             409 write_taken
    ├── Conflict               409 conflict (lost a race after every retry; Retry-After)
    ├── IndexesMissing         503 indexes_missing (being re-created; Retry-After)
    ├── LimitReached           409 limit_reached
    ├── InvalidCursor          400 invalid_cursor
    ├── CursorExpired          410 cursor_expired (with the oldest valid cursor)
    ├── PayloadTooLarge        413 payload_too_large
    ├── UnsupportedMediaType   415 unsupported_media_type
    ├── SelfRelationship       422 self_relationship
    ├── MuteEndInPast          422 mute_until_in_past
    └── RateLimited            429 rate_limited (with Retry-After)

The rules raise these without knowing about HTTP; ``service.core.http.problems`` renders them.
"""

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar


class DomainError(Exception):
    status: ClassVar[int] = 400
    code: ClassVar[str] = "bad_request"
    title: ClassVar[str] = "Bad request"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail

    @property
    def headers(self) -> dict[str, str]:
        """HTTP headers the answer carries besides the problem document."""
        return {}

    @property
    def extra(self) -> dict[str, str]:
        """Fields the problem document carries besides the standard ones."""
        return {}


class Unauthenticated(DomainError):
    status = 401
    code = "unauthenticated"
    title = "Missing or invalid credential"


class InvalidToken(Unauthenticated):
    code = "invalid_token"
    title = "The user token is expired, revoked or not valid"

    @property
    def headers(self) -> dict[str, str]:
        return {"WWW-Authenticate": 'Bearer error="invalid_token"'}


class NotYourUser(DomainError):
    status = 403
    code = "not_your_user"
    title = "A user token acts only for its own user"


class OriginNotAllowed(DomainError):
    status = 403
    code = "origin_not_allowed"
    title = "The tenant does not let browser clients call from this origin"


class InsufficientScope(DomainError):
    status = 403
    code = "insufficient_scope"
    title = "The credential's scope does not allow this"


class Blocked(DomainError):
    status = 403
    code = "blocked"
    title = "A block between the two users forbids this"


class FeatureDisabled(DomainError):
    status = 403
    code = "feature_disabled"
    title = "This feature is switched off for the tenant"


class NotConnected(DomainError):
    status = 403
    code = "not_connected"
    title = "Grants go only to accepted friends and followers"


class WriteTaken(DomainError):
    status = 409
    code = "write_taken"
    title = "Another user already holds write access to this resource"


class Conflict(DomainError):
    status = 409
    code = "conflict"
    title = "Concurrent change"
    retry_after_seconds = 1

    @property
    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after_seconds)}


class IndexesMissing(DomainError):
    status = 503
    code = "indexes_missing"
    title = "Declared indexes are missing"

    @property
    def headers(self) -> dict[str, str]:
        return {"Retry-After": "5"}


class LimitReached(DomainError):
    status = 409
    code = "limit_reached"
    title = "The tenant's cap on this relationship is reached"


class NotFound(DomainError):
    status = 404
    code = "not_found"
    title = "Not found"


class AlreadyExists(DomainError):
    status = 409
    code = "already_exists"
    title = "Already exists"


class InvalidCursor(DomainError):
    status = 400
    code = "invalid_cursor"
    title = "Invalid pagination cursor"


class CursorExpired(DomainError):
    status = 410
    code = "cursor_expired"
    title = "The cursor points before the oldest event still kept"

    def __init__(self, detail: str, *, oldest_cursor: str) -> None:
        super().__init__(detail)
        self.oldest_cursor = oldest_cursor

    @property
    def extra(self) -> dict[str, str]:
        return {"oldest_cursor": self.oldest_cursor}


class PayloadTooLarge(DomainError):
    status = 413
    code = "payload_too_large"
    title = "The request body is too large"


class UnsupportedMediaType(DomainError):
    status = 415
    code = "unsupported_media_type"
    title = "The request body's content type is not accepted here"


class SelfRelationship(DomainError):
    status = 422
    code = "self_relationship"
    title = "A user cannot have a relationship with themselves"


class MuteEndInPast(DomainError):
    status = 422
    code = "mute_until_in_past"
    title = "mute_until must lie in the future"


class RateLimited(DomainError):
    status = 429
    code = "rate_limited"
    title = "Too many requests"

    def __init__(
        self,
        detail: str,
        *,
        retry_after_seconds: int,
        rate_limit_headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.retry_after_seconds = max(1, retry_after_seconds)
        self.rate_limit_headers = rate_limit_headers or {}

    @property
    def headers(self) -> dict[str, str]:
        return {**self.rate_limit_headers, "Retry-After": str(self.retry_after_seconds)}


F = TypeVar("F", bound=Callable[..., Any])
_RAISES = "__raises__"


def raises(*errors: type[DomainError]) -> Callable[[F], F]:
    """Mark a wrapper with the domain errors it raises around the rule it wraps (a step's
    ``conflict``), for ``tests/raised.py``, which checks each route's declared problems
    (``service.core.http.declared``) against what its code can raise."""

    def mark(function: F) -> F:
        setattr(function, _RAISES, raised_by(function) | frozenset(errors))
        return function

    return mark


def raised_by(function: Callable[..., Any]) -> frozenset[type[DomainError]]:
    declared: frozenset[type[DomainError]] = getattr(function, _RAISES, frozenset())
    return declared


def domain_errors() -> list[type[DomainError]]:
    """Every domain error class, each with its own code."""
    found: list[type[DomainError]] = []
    pending = list(DomainError.__subclasses__())
    while pending:
        error = pending.pop()
        found.append(error)
        pending += error.__subclasses__()
    return sorted(found, key=lambda e: e.code)
