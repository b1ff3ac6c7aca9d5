"""What every request body is: JSON taken as sent, never coerced, unknown fields refused.

``"no"`` is not a boolean, ``"60"`` not a number and ``1700000000`` not a date-time: each is a
422 naming the field. Strict validation of Python objects would also refuse an ISO string for
a date-time or a string for an enum, which is what JSON sends; those two kinds of field say so.
"""

from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Strict

from models.enums import EdgeSource, KeyScope, Permission, RelationshipType


def _text_only(value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError("give a date-time as an ISO 8601 string with a time zone")
    return value


class RequestBody(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


# A date-time as JSON carries it: an ISO 8601 string with its time zone, nothing else.
Timestamp = Annotated[AwareDatetime, Strict(False), BeforeValidator(_text_only)]
# Enumerations arrive as their string values.
PermissionValue = Annotated[Permission, Strict(False)]
KeyScopeValue = Annotated[KeyScope, Strict(False)]
RelationshipTypeValue = Annotated[RelationshipType, Strict(False)]
EdgeSourceValue = Annotated[EdgeSource, Strict(False)]
