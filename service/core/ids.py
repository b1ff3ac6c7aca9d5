"""The tenant's own opaque user ids: 1-128 letters, digits and ``_ . : @ -``."""

from typing import Annotated

from fastapi import Path
from pydantic import StringConstraints

USER_ID_PATTERN = r"^[A-Za-z0-9_.:@\-]{1,128}$"
USER_ID_DESCRIPTION = "The tenant's own user id: 1-128 letters, digits and _ . : @ -"

UserId = Annotated[str, StringConstraints(pattern=USER_ID_PATTERN, min_length=1, max_length=128)]
UserIdPath = Annotated[
    str,
    Path(pattern=USER_ID_PATTERN, min_length=1, max_length=128, description=USER_ID_DESCRIPTION),
]
# Free text a user typed (reasons, notes, nicknames): bounded so nobody stores a novel.
ShortText = Annotated[str, StringConstraints(max_length=200)]
LongText = Annotated[str, StringConstraints(max_length=2000)]
