from enum import StrEnum

class ProblemCode(StrEnum):
    ALREADY_EXISTS = "already_exists"
    BLOCKED = "blocked"
    CONFLICT = "conflict"
    CURSOR_EXPIRED = "cursor_expired"
    DATABASE_UNAVAILABLE = "database_unavailable"
    FEATURE_DISABLED = "feature_disabled"
    HTTP_ERROR = "http_error"
    INDEXES_MISSING = "indexes_missing"
    INSUFFICIENT_SCOPE = "insufficient_scope"
    INTERNAL_ERROR = "internal_error"
    INVALID_CURSOR = "invalid_cursor"
    INVALID_TOKEN = "invalid_token"
    LIMIT_REACHED = "limit_reached"
    MALFORMED_BODY = "malformed_body"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    MUTE_UNTIL_IN_PAST = "mute_until_in_past"
    NOT_CONNECTED = "not_connected"
    NOT_FOUND = "not_found"
    NOT_YOUR_USER = "not_your_user"
    ORIGIN_NOT_ALLOWED = "origin_not_allowed"
    PAYLOAD_TOO_LARGE = "payload_too_large"
    RATE_LIMITED = "rate_limited"
    SELF_RELATIONSHIP = "self_relationship"
    UNAUTHENTICATED = "unauthenticated"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    URI_TOO_LONG = "uri_too_long"
    VALIDATION_ERROR = "validation_error"
    WRITE_TAKEN = "write_taken"

    def __str__(self) -> str:
        return str(self.value)
