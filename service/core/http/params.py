"""Path and query parameters shared by the routers: user ids in paths, and page requests."""

from typing import Annotated

from fastapi import Depends, Path, Query
from fastapi.exceptions import RequestValidationError
from pydantic import AfterValidator, Field, TypeAdapter, ValidationError

from service.core.data.pagination import DEFAULT_LIMIT, MAX_LIMIT, PageRequest, decode_cursor
from service.core.errors import InvalidCursor
from service.core.http.declared import problems
from service.core.ids import USER_ID_DESCRIPTION, USER_ID_PATTERN, UserId, not_reserved

_USER_ID_PATH = Path(
    pattern=USER_ID_PATTERN, min_length=1, max_length=128, description=USER_ID_DESCRIPTION
)
# A user in a path: never an erased user's pseudonym (nothing may be written for one) ...
UserIdPath = Annotated[str, _USER_ID_PATH, AfterValidator(not_reserved)]
# ... except where the history is read: it names erased users by their pseudonym.
HistoryUserIdPath = Annotated[str, _USER_ID_PATH]


@problems(InvalidCursor)
async def page_request(  # async: no thread-pool hop (see get_store in core/http/auth.py)
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> PageRequest:
    return PageRequest(limit=limit, after=decode_cursor(cursor) if cursor else None)


PageParams = Annotated[PageRequest, Depends(page_request)]


def id_list(ids: str, *, max_ids: int) -> list[str]:
    """``ids`` (comma-separated user ids, 1 to ``max_ids``) as a list, or a 422 naming the
    query parameter ``ids``."""
    adapter = TypeAdapter(Annotated[list[UserId], Field(min_length=1, max_length=max_ids)])
    try:
        return adapter.validate_python(ids.split(","))
    except ValidationError as error:
        raise RequestValidationError(
            [{**e, "loc": ("query", "ids", *e["loc"])} for e in error.errors()]
        ) from error
