"""The tenant's own opaque user ids (1-128 letters, digits and ``_ . : @ -``), and the bounds
of the free text users type."""

import unicodedata
from typing import Annotated

from pydantic import AfterValidator, StringConstraints

USER_ID_PATTERN = r"^[A-Za-z0-9_.:@\-]{1,128}$"
USER_ID_DESCRIPTION = "The tenant's own user id: 1-128 letters, digits and _ . : @ -"

UserId = Annotated[str, StringConstraints(pattern=USER_ID_PATTERN, min_length=1, max_length=128)]
# Free text a user typed (reasons, notes, nicknames): bounded so nobody stores a novel.
ShortText = Annotated[str, StringConstraints(max_length=200)]
LongText = Annotated[str, StringConstraints(max_length=2000)]


def _no_control_characters(allowed: str) -> AfterValidator:
    def check(text: str) -> str:
        if any(unicodedata.category(c) == "Cc" and c not in allowed for c in text):
            raise ValueError("control characters are not allowed")
        return text

    return AfterValidator(check)


# Trimmed; a nickname is one line, notes may run over several.
Nickname = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=64),
    _no_control_characters(""),
]
Notes = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=2000), _no_control_characters("\n\r\t")
]
