"""The tenant's own opaque user ids (1-128 letters, digits and ``_ . : @ -``), and the bounds
of the free text users type."""

import unicodedata
from typing import Annotated

from pydantic import AfterValidator, StringConstraints

USER_ID_PATTERN = r"^[A-Za-z0-9_.:@\-]{1,128}$"
USER_ID_DESCRIPTION = "The tenant's own user id: 1-128 letters, digits and _ . : @ -"

# What an erased user is called from then on (``erased:`` and a digest): no app may give the
# name to a user of its own, so nothing new can be written for an erased user's pseudonym.
RESERVED_PREFIX = "erased:"


def not_reserved(user_id: str) -> str:
    if user_id.startswith(RESERVED_PREFIX):
        raise ValueError(
            f"user ids starting with {RESERVED_PREFIX!r} are reserved for erased users"
        )
    return user_id


# A user id as any request may name it: never a pseudonym.
UserId = Annotated[
    str,
    StringConstraints(pattern=USER_ID_PATTERN, min_length=1, max_length=128),
    AfterValidator(not_reserved),
]


def _no_control_characters(allowed: str) -> AfterValidator:
    def check(text: str) -> str:
        if any(unicodedata.category(c) == "Cc" and c not in allowed for c in text):
            raise ValueError("control characters are not allowed")
        return text

    return AfterValidator(check)


# Free text a user typed (reasons, messages, where a contact came from): bounded so nobody
# stores a novel, and free of control characters (NUL, ESC) like nicknames and notes.
ShortText = Annotated[str, StringConstraints(max_length=200), _no_control_characters("")]
LongText = Annotated[str, StringConstraints(max_length=2000), _no_control_characters("\n\r\t")]


# Trimmed; a nickname is one line, notes may run over several.
Nickname = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=64),
    _no_control_characters(""),
]
Notes = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=2000), _no_control_characters("\n\r\t")
]
